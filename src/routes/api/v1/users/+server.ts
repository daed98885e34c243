import { json } from '@sveltejs/kit';
import { userCreateSchema, userListQuerySchema } from '#lib/server/admin/schemas';
import { createUser, listUsers } from '#lib/server/admin/users';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'admin', level: 'view' }, query: userListQuerySchema },
	({ actor, query }) => listUsers(actor, query)
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: userCreateSchema },
	async ({ actor, body }) => json(await createUser(actor, body), { status: 201 })
);
