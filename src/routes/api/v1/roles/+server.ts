import { json } from '@sveltejs/kit';
import { createRole, listRoles } from '#lib/server/admin/roles';
import { roleCreateSchema } from '#lib/server/admin/schemas';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'admin', level: 'view' } },
	async ({ actor }) => ({
		items: await listRoles(actor)
	})
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: roleCreateSchema },
	async ({ actor, body }) => json(await createRole(actor, body), { status: 201 })
);
