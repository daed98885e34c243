import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import { listWorkLogs } from '#lib/server/service/queries';
import { workLogListQuery, workLogSchema } from '#lib/server/service/schemas';
import { logWork } from '#lib/server/service/work';

export const GET = apiRoute(
	{ permission: { area: 'worklogs', level: 'view' }, query: workLogListQuery },
	async ({ actor, query }) => toJson(await listWorkLogs(actor, query))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'worklogs', level: 'edit' }, body: workLogSchema },
		async ({ actor, body }) => json(toJson(await logWork(actor, body)), { status: 201 })
	)
);
