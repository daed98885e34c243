import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { scopeOptions } from '#lib/server/boards/scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'boards', 'view');
	const branches = actor.user.agencyId === null ? await scopeOptions(actor) : [];
	return {
		allBranches: actor.user.branchId === null && actor.user.agencyId === null,
		branches: branches.map((b) => ({ id: b.id, code: b.code, nameFa: b.nameFa, nameEn: b.nameEn })),
		canDispatch: can(actor, 'orders', 'edit'),
		canManageDevices: can(actor, 'admin', 'view')
	};
};
