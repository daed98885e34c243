import { requireActor } from '#lib/server/auth/guard';
import { actionActor, loadOrFail } from '#lib/server/catalog/pages';
import { formToObject, runAction } from '#lib/server/http/forms';
import { createAgencyCustomer, listAgencyCustomers } from '#lib/server/portal/portal';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const q = event.url.searchParams.get('q') ?? '';
	const cursor = event.url.searchParams.get('cursor') ?? '';
	return {
		page: await loadOrFail(event.locals.locale, () =>
			listAgencyCustomers(actor, { q, cursor, limit: '50' })
		),
		q
	};
};

export const actions: Actions = {
	create: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'requests', 'edit');
				const { customer, existed } = await createAgencyCustomer(actor, raw);
				return { created: customer.name, existed };
			},
			raw
		);
	}
};
