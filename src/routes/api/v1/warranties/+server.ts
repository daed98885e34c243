import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { warrantyCreateSchema, warrantyListQuerySchema } from '#lib/server/warranty/schemas';
import { createWarranty, listWarranties } from '#lib/server/warranty/warranties';

export const GET = apiRoute(
	{ permission: { area: 'warranty', level: 'view' }, query: warrantyListQuerySchema },
	async ({ query }) => listWarranties(query)
);

export const POST = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyCreateSchema },
	async ({ body, actor }) => json(await createWarranty(body, actor.user.id), { status: 201 })
);
