import { listRoles } from '#lib/server/admin/roles';
import { userListQuerySchema } from '#lib/server/admin/schemas';
import { listScopeChoices, listUsers } from '#lib/server/admin/users';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	// A hand-edited filter in the address bar should not break the page: drop what is invalid.
	const params = Object.fromEntries(
		[...event.url.searchParams].filter(
			([key, value]) =>
				userListQuerySchema.shape[key as keyof typeof userListQuerySchema.shape]?.safeParse(value)
					.success
		)
	);
	const [page, roles, scope] = await Promise.all([
		listUsers(actor, params),
		listRoles(actor),
		listScopeChoices(actor)
	]);
	return {
		page,
		roles: roles.map(({ id, key, nameFa, nameEn }) => ({ id, key, nameFa, nameEn })),
		branches: scope.branches,
		filters: {
			q: params.q ?? '',
			roleId: params.roleId ?? '',
			branchId: params.branchId ?? '',
			active: params.active ?? '',
			cursor: params.cursor ?? ''
		},
		canManage: can(actor, 'admin', 'manage')
	};
};
