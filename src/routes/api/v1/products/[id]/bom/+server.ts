import { pathId } from '#lib/server/catalog/inputs';
import {
	bomLineSchema,
	bomLineToJson,
	getProduct,
	listBom,
	upsertBomLine
} from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' } },
	async ({ event }) => {
		const product = await getProduct(pathId(event.params.id));
		return { items: (await listBom(product.id)).map(bomLineToJson) };
	}
);

export const POST = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: bomLineSchema },
	async ({ event, actor, body }) => ({
		items: (await upsertBomLine(pathId(event.params.id), body, actor.user.id)).map(bomLineToJson)
	})
);
