import { fail, redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { actionActor, checked, filtersFrom, loadOrFail } from '#lib/server/catalog/pages';
import {
	createCustomer,
	customerCreateSchema,
	customerListQuery,
	searchCustomers
} from '#lib/server/crm/customers';
import { AppError, parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	// Agencies keep their own customer list in the portal; the shared one is staff-only.
	if (actor.user.agencyId) redirect(303, '/portal/customers');
	const query = filtersFrom(customerListQuery, event.url);
	const page = await loadOrFail(event.locals.locale, () => searchCustomers(query));
	return {
		page,
		q: event.url.searchParams.get('q') ?? '',
		paged: Boolean(query.cursor),
		canEdit: can(actor, 'requests', 'edit')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const raw = formToObject(await event.request.formData());
		const locale = event.locals.locale;
		return runAction(
			locale,
			async () => {
				const actor = actionActor(event, 'requests', 'edit');
				const input = parseOrThrow(customerCreateSchema, {
					...raw,
					marketingOptOut: checked(raw, 'marketingOptOut')
				});
				try {
					const customer = await createCustomer(input, actor.user.id);
					redirect(303, `/customers/${customer.id}`);
				} catch (error) {
					// The existing customer is offered (a link), not just refused.
					if (error instanceof AppError && error.code === 'duplicate_mobile') {
						return fail(409, {
							message: translate(locale, error.messageKey, error.params),
							fields: {
								mobile: translate(locale, 'crm.error.duplicateMobileField', error.params)
							} as Record<string, string>,
							values: raw,
							existing: error.details?.existing as { id: number; name: string }
						});
					}
					throw error;
				}
			},
			raw
		);
	}
};
