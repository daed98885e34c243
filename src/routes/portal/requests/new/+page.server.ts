import { redirect } from '@sveltejs/kit';
import { requireActor } from '#lib/server/auth/guard';
import { actionActor } from '#lib/server/catalog/pages';
import { formToObject, runAction } from '#lib/server/http/forms';
import { requireAgency } from '#lib/server/portal/portal';
import { receiveRequest } from '#lib/server/service/reception';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireAgency(requireActor(event));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'requests', 'edit');
				requireAgency(actor);
				// The agency, its branch and the channel are decided by the service from the actor.
				const request = await receiveRequest(actor, {
					by: raw.by,
					key: raw.key,
					customerName: raw.customerName,
					customerMobile: raw.customerMobile,
					delivererName: raw.delivererName,
					complaint: raw.complaint,
					accessories: raw.accessories
				});
				redirect(303, `/portal/requests?created=${encodeURIComponent(request.formNumber)}`);
			},
			raw
		);
	}
};
