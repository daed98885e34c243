import { pathId } from '#lib/server/catalog/inputs';
import { categorySchema, updateCategory } from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const PATCH = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: categorySchema.partial() },
	async ({ event, actor, body }) => updateCategory(pathId(event.params.id), body, actor.user.id)
);
