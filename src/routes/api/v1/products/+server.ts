import { json } from '@sveltejs/kit';
import {
	createProduct,
	productCreateSchema,
	productListQuery,
	listProducts,
	productToJson
} from '#lib/server/catalog/products';
import { mapPage } from '#lib/server/catalog/paging';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' }, query: productListQuery },
	async ({ query }) => mapPage(await listProducts(query), productToJson)
);

export const POST = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: productCreateSchema },
	async ({ actor, body }) =>
		json(productToJson(await createProduct(body, actor.user.id)), { status: 201 })
);
