import { apiRoute } from '#lib/server/http/api';
import { lookupWarranty } from '#lib/server/warranty/lookup';
import { lookupQuerySchema } from '#lib/server/warranty/schemas';

export const GET = apiRoute(
	{ permission: { area: 'warranty', level: 'view' }, query: lookupQuerySchema },
	async ({ query }) => lookupWarranty(query.serial)
);
