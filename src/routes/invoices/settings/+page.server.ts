import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { getBillingSettings, updateBillingSettings } from '#lib/server/billing/settings';
import { translate } from '#lib/i18n';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	return { settings: await getBillingSettings(actor), canManage: can(actor, 'invoices', 'manage') };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await updateBillingSettings(actor, raw);
				return { done: translate(event.locals.locale, 'billing.settings.saved') };
			},
			raw
		);
	}
};
