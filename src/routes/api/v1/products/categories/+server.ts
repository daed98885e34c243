import { json } from '@sveltejs/kit';
import { categorySchema, createCategory, listCategories } from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute({ permission: { area: 'catalog', level: 'view' } }, async () => ({
	items: await listCategories()
}));

export const POST = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: categorySchema },
	async ({ actor, body }) => json(await createCategory(body, actor.user.id), { status: 201 })
);
