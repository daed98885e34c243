import { serviceabilitySchema, setServiceability } from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const POST = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: serviceabilitySchema },
	async ({ actor, body }) => setServiceability(body, actor.user.id)
);
