import { z } from 'zod';
import { idList, pathId } from '#lib/server/catalog/inputs';
import { getProduct, listProductServices, setProductServices } from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' } },
	async ({ event }) => {
		const product = await getProduct(pathId(event.params.id));
		return { items: await listProductServices(product.id) };
	}
);

export const PUT = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: z.object({ serviceIds: idList }) },
	async ({ event, actor, body }) => {
		const id = pathId(event.params.id);
		const change = await setProductServices(id, body.serviceIds, actor.user.id);
		return { ...change, items: await listProductServices(id) };
	}
);
