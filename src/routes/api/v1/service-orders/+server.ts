import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import { issueOrder } from '#lib/server/service/orders';
import { listOrders } from '#lib/server/service/queries';
import { issueOrderSchema } from '#lib/server/service/schemas';

export const GET = apiRoute(
	// The service validates the query itself (dates, lists); parsing it here too would hand it
	// already-parsed values it refuses.
	{ permission: { area: 'orders', level: 'view' } },
	async ({ actor, event }) =>
		toJson(await listOrders(actor, Object.fromEntries(event.url.searchParams)))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'orders', level: 'edit' }, body: issueOrderSchema },
		async ({ actor, body }) => json(toJson(await issueOrder(actor, body)), { status: 201 })
	)
);
