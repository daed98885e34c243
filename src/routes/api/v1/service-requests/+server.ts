import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import { listRequests } from '#lib/server/service/queries';
import { receiveRequest } from '#lib/server/service/reception';
import { receiveSchema, requestListQuery } from '#lib/server/service/schemas';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: requestListQuery },
	async ({ actor, query }) => toJson(await listRequests(actor, query))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'requests', level: 'edit' }, body: receiveSchema },
		async ({ actor, body }) => json(toJson(await receiveRequest(actor, body)), { status: 201 })
	)
);
