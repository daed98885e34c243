import { pathId } from '#lib/server/catalog/inputs';
import { agencyUpdateSchema, updateAgency } from '#lib/server/org/agencies';
import { apiRoute } from '#lib/server/http/api';

export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: agencyUpdateSchema },
	({ event, actor, body }) =>
		updateAgency(actor.user.branchId, pathId(event.params.id), body, actor.user.id)
);
