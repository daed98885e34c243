import { listGroups } from '#lib/server/admin/groups';
import { listRoles } from '#lib/server/admin/roles';
import { parseIdParam, userUpdateFormSchema } from '#lib/server/admin/schemas';
import { getUser, listScopeChoices, updateUser } from '#lib/server/admin/users';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { translate } from '#lib/i18n';
import { userInputFromForm } from '../../form-values';
import { loadOrFail } from '../../page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	const user = await loadOrFail(event.locals.locale, () =>
		getUser(actor, parseIdParam(event.params.id))
	);
	const [roles, groups, scope] = await Promise.all([
		listRoles(actor),
		listGroups(actor),
		listScopeChoices(actor)
	]);
	return {
		user,
		roles: roles.map(({ id, key, nameFa, nameEn }) => ({ id, key, nameFa, nameEn })),
		groups: groups.map(({ id, name }) => ({ id, name })),
		...scope,
		allBranches: actor.user.branchId === null,
		canManage: can(actor, 'admin', 'manage'),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const input = parseOrThrow(userUpdateFormSchema, userInputFromForm(raw));
				await updateUser(actor, parseIdParam(event.params.id), input);
				return { saved: translate(event.locals.locale, 'common.saved') };
			},
			raw
		);
	}
};
