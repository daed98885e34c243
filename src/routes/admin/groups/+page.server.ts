import { redirect } from '@sveltejs/kit';
import { createGroup, listGroups } from '#lib/server/admin/groups';
import { groupCreateSchema } from '#lib/server/admin/schemas';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { grantsFromForm } from '../form-values';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	return {
		groups: await listGroups(actor),
		canManage: can(actor, 'admin', 'manage'),
		deleted: event.url.searchParams.has('deleted')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const input = parseOrThrow(groupCreateSchema, {
					name: raw.name,
					description: raw.description,
					grants: grantsFromForm(raw) ?? {}
				});
				const group = await createGroup(actor, input);
				redirect(303, `/admin/groups/${group.id}?created=1`);
			},
			raw
		);
	}
};
