import { redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { deleteRole, getRole, updateRole } from '#lib/server/admin/roles';
import { deleteConfirmSchema, parseIdParam, roleUpdateSchema } from '#lib/server/admin/schemas';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { grantsFromForm } from '../../form-values';
import { loadOrFail } from '../../page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	const role = await loadOrFail(event.locals.locale, () =>
		getRole(actor, parseIdParam(event.params.id))
	);
	return {
		role,
		canManage: can(actor, 'admin', 'manage'),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const input = parseOrThrow(roleUpdateSchema, {
					nameFa: raw.nameFa,
					nameEn: raw.nameEn,
					grants: grantsFromForm(raw)
				});
				await updateRole(actor, parseIdParam(event.params.id), input);
				return { saved: translate(event.locals.locale, 'common.saved') };
			},
			raw
		);
	},
	delete: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			parseOrThrow(deleteConfirmSchema, raw);
			await deleteRole(actor, parseIdParam(event.params.id));
			redirect(303, '/admin/roles?deleted=1');
		});
	}
};
