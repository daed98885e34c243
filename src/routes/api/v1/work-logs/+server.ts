import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import { listWorkLogs } from '#lib/server/service/queries';
import { workLogSchema } from '#lib/server/service/schemas';
import { logWork } from '#lib/server/service/work';

export const GET = apiRoute(
	// The service validates the query itself (dates, lists); parsing it here too would hand it
	// already-parsed values it refuses.
	{ permission: { area: 'worklogs', level: 'view' } },
	async ({ actor, event }) =>
		toJson(await listWorkLogs(actor, Object.fromEntries(event.url.searchParams)))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'worklogs', level: 'edit' }, body: workLogSchema },
		async ({ actor, body }) => json(toJson(await logWork(actor, body)), { status: 201 })
	)
);
