import { apiRoute } from '#lib/server/http/api';
import { toJson } from '#lib/server/service/json';
import { listWarehouses } from '#lib/server/stock/warehouses';

export const GET = apiRoute({ permission: { area: 'stock', level: 'view' } }, async ({ actor }) =>
	toJson(await listWarehouses(actor))
);
