import { redirect } from '@sveltejs/kit';
import { WEBHOOK_EVENT_FAMILIES } from '#lib/domain/webhook-retry';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { formToObject, runAction } from '#lib/server/http/forms';
import { createEndpoint, listEndpoints } from '#lib/server/webhooks/endpoints';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	return {
		endpoints: await listEndpoints(actor),
		families: [...WEBHOOK_EVENT_FAMILIES],
		canManage: can(actor, 'admin', 'manage')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const endpoint = await createEndpoint(actor, raw);
				redirect(303, `/admin/webhooks/${endpoint.id}?created=1`);
			},
			raw
		);
	}
};
