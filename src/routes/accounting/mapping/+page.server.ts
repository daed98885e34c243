import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { accountMapping, updateAccountMapping } from '#lib/server/billing/accounting';
import { translate } from '#lib/i18n';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'reports', 'view');
	return { ...(await accountMapping(actor)), canManage: can(actor, 'reports', 'manage') };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'reports', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			await updateAccountMapping(actor, raw);
			return { done: translate(event.locals.locale, 'accounting.mapping.saved') };
		});
	}
};
