import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { formToObject, runAction } from '#lib/server/http/forms';
import {
	frontDoorStatus,
	listRecentDeliveries,
	resendUncertainAsAdmin,
	saveTemplateAsAdmin,
	templatesForAdmin
} from '#lib/server/notify/admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	return {
		templates: await templatesForAdmin(actor),
		deliveries: await listRecentDeliveries(actor, 50),
		status: frontDoorStatus(),
		canManage: can(actor, 'admin', 'manage')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await saveTemplateAsAdmin(actor, raw);
				return { saved: `${String(raw.key)}:${String(raw.channel)}:${String(raw.locale)}` };
			},
			raw
		);
	},
	resend: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await resendUncertainAsAdmin(actor, Number(raw.deliveryId));
				return { resent: Number(raw.deliveryId) };
			},
			raw
		);
	}
};
