import { pathId } from '#lib/server/catalog/inputs';
import {
	getProduct,
	listProductServices,
	productToJson,
	productUpdateSchema,
	removeProduct,
	updateProduct
} from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' } },
	async ({ event }) => {
		const id = pathId(event.params.id);
		const [product, services] = await Promise.all([getProduct(id), listProductServices(id)]);
		return { ...productToJson(product), services };
	}
);

export const PATCH = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: productUpdateSchema },
	async ({ event, actor, body }) =>
		productToJson(await updateProduct(pathId(event.params.id), body, actor.user.id))
);

export const DELETE = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' } },
	async ({ event, actor }) => ({
		outcome: await removeProduct(pathId(event.params.id), actor.user.id)
	})
);
