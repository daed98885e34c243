import { deleteGroup, getGroup, updateGroup } from '#lib/server/admin/groups';
import { groupUpdateSchema, parseIdParam } from '#lib/server/admin/schemas';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute({ permission: { area: 'admin', level: 'view' } }, ({ actor, event }) =>
	getGroup(actor, parseIdParam(event.params.id))
);

export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: groupUpdateSchema },
	({ actor, event, body }) => updateGroup(actor, parseIdParam(event.params.id), body)
);

export const DELETE = apiRoute(
	{ permission: { area: 'admin', level: 'manage' } },
	async ({ actor, event }) => {
		await deleteGroup(actor, parseIdParam(event.params.id));
		return new Response(null, { status: 204 });
	}
);
