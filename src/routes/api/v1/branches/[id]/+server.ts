import { pathId } from '#lib/server/catalog/inputs';
import { branchUpdateSchema, getBranch, updateBranch } from '#lib/server/org/branches';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' } },
	({ event, actor }) => getBranch(actor.user.branchId, pathId(event.params.id))
);

export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: branchUpdateSchema },
	({ event, actor, body }) =>
		updateBranch(actor.user.branchId, pathId(event.params.id), body, actor.user.id)
);
