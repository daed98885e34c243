import { redirect } from '@sveltejs/kit';
import { listGroups } from '#lib/server/admin/groups';
import { listRoles } from '#lib/server/admin/roles';
import { userCreateSchema } from '#lib/server/admin/schemas';
import { createUser, listScopeChoices } from '#lib/server/admin/users';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { userInputFromForm } from '../../form-values';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'manage');
	const [roles, groups, scope] = await Promise.all([
		listRoles(actor),
		listGroups(actor),
		listScopeChoices(actor)
	]);
	return {
		roles: roles.map(({ id, key, nameFa, nameEn }) => ({ id, key, nameFa, nameEn })),
		groups: groups.map(({ id, name }) => ({ id, name })),
		...scope,
		allBranches: actor.user.branchId === null,
		// A branch administrator's new users belong to that branch.
		defaultBranchId: actor.user.branchId
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const user = await createUser(
					actor,
					parseOrThrow(userCreateSchema, userInputFromForm(raw))
				);
				redirect(303, `/admin/users/${user.id}?created=1`);
			},
			raw
		);
	}
};
