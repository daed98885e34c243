import { deleteRole, getRole, updateRole } from '#lib/server/admin/roles';
import { parseIdParam, roleUpdateSchema } from '#lib/server/admin/schemas';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute({ permission: { area: 'admin', level: 'view' } }, ({ actor, event }) =>
	getRole(actor, parseIdParam(event.params.id))
);

export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: roleUpdateSchema },
	({ actor, event, body }) => updateRole(actor, parseIdParam(event.params.id), body)
);

export const DELETE = apiRoute(
	{ permission: { area: 'admin', level: 'manage' } },
	async ({ actor, event }) => {
		await deleteRole(actor, parseIdParam(event.params.id));
		return new Response(null, { status: 204 });
	}
);
