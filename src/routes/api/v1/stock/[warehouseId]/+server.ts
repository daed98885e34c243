import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { stockOnHand } from '#lib/server/stock/warehouses';

export const GET = apiRoute(
	{ permission: { area: 'stock', level: 'view' } },
	async ({ actor, event }) => toJson(await stockOnHand(actor, pathId(event.params.warehouseId)))
);
