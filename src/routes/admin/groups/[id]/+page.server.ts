import { redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { deleteGroup, getGroup, updateGroup } from '#lib/server/admin/groups';
import { deleteConfirmSchema, groupUpdateSchema, parseIdParam } from '#lib/server/admin/schemas';
import { listUserChoices } from '#lib/server/admin/users';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { grantsFromForm, idsFromForm } from '../../form-values';
import { loadOrFail } from '../../page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	const group = await loadOrFail(event.locals.locale, () =>
		getGroup(actor, parseIdParam(event.params.id))
	);
	return {
		group,
		users: await listUserChoices(actor),
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
				const input = parseOrThrow(groupUpdateSchema, {
					name: raw.name,
					description: raw.description,
					memberIds: idsFromForm(raw, 'memberIds'),
					grants: grantsFromForm(raw)
				});
				await updateGroup(actor, parseIdParam(event.params.id), input);
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
			await deleteGroup(actor, parseIdParam(event.params.id));
			redirect(303, '/admin/groups?deleted=1');
		});
	}
};
