import { parseIdParam, userUpdateSchema } from '#lib/server/admin/schemas';
import { deactivateUser, getUser, updateUser } from '#lib/server/admin/users';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute({ permission: { area: 'admin', level: 'view' } }, ({ actor, event }) =>
	getUser(actor, parseIdParam(event.params.id))
);

export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: userUpdateSchema },
	({ actor, event, body }) => updateUser(actor, parseIdParam(event.params.id), body)
);

export const DELETE = apiRoute(
	{ permission: { area: 'admin', level: 'manage' } },
	({ actor, event }) => deactivateUser(actor, parseIdParam(event.params.id))
);
