import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import { issueOrder } from '#lib/server/service/orders';
import { listOrders } from '#lib/server/service/queries';
import { issueOrderSchema, orderListQuery } from '#lib/server/service/schemas';

export const GET = apiRoute(
	{ permission: { area: 'orders', level: 'view' }, query: orderListQuery },
	async ({ actor, query }) => toJson(await listOrders(actor, query))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'orders', level: 'edit' }, body: issueOrderSchema },
		async ({ actor, body }) => json(toJson(await issueOrder(actor, body)), { status: 201 })
	)
);
