import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { toJson } from '#lib/server/service/json';
import {
	listWarehouses,
	openBranchWarehouses,
	openWarehousesSchema
} from '#lib/server/stock/warehouses';

export const GET = apiRoute({ permission: { area: 'stock', level: 'view' } }, async ({ actor }) =>
	toJson(await listWarehouses(actor))
);

/** Opens a branch's three stores (parts, scrap, consignment) where it lacks them. */
export const POST = apiRoute(
	{ permission: { area: 'stock', level: 'manage' }, body: openWarehousesSchema },
	async ({ actor, body }) => json(toJson(await openBranchWarehouses(actor, body)), { status: 201 })
);
