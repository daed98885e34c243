import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { warrantyTypeCreateSchema } from '#lib/server/warranty/schemas';
import { createWarrantyType, listWarrantyTypes } from '#lib/server/warranty/types';

export const GET = apiRoute({ permission: { area: 'warranty', level: 'view' } }, async () => ({
	items: await listWarrantyTypes()
}));

export const POST = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyTypeCreateSchema },
	async ({ body, actor }) => json(await createWarrantyType(body, actor.user.id), { status: 201 })
);
