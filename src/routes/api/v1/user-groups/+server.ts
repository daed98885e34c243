import { json } from '@sveltejs/kit';
import { createGroup, listGroups } from '#lib/server/admin/groups';
import { groupCreateSchema } from '#lib/server/admin/schemas';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'admin', level: 'view' } },
	async ({ actor }) => ({
		items: await listGroups(actor)
	})
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: groupCreateSchema },
	async ({ actor, body }) => json(await createGroup(actor, body), { status: 201 })
);
