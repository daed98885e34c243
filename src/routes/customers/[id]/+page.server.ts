import { fail, redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { pathId } from '#lib/server/catalog/inputs';
import { actionActor, checked, loadOrFail } from '#lib/server/catalog/pages';
import { listUnits } from '#lib/server/catalog/units';
import { customerUpdateSchema, getCustomer, updateCustomer } from '#lib/server/crm/customers';
import { AppError, parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	if (actor.user.agencyId) redirect(303, '/portal/customers');
	const locale = event.locals.locale;
	const customer = await loadOrFail(locale, () => getCustomer(pathId(event.params.id)));
	// Units are catalogue data: shown to those who may see the catalogue.
	const units = can(actor, 'catalog', 'view')
		? (await listUnits({ owner: customer.id, limit: 100 })).items
		: null;
	return { customer, units, canEdit: can(actor, 'requests', 'edit') };
};

export const actions: Actions = {
	update: async (event) => {
		const raw = formToObject(await event.request.formData());
		const locale = event.locals.locale;
		return runAction(
			locale,
			async () => {
				const actor = actionActor(event, 'requests', 'edit');
				const input = parseOrThrow(customerUpdateSchema, {
					...raw,
					nationalId: raw.nationalId ?? '',
					marketingOptOut: checked(raw, 'marketingOptOut')
				});
				try {
					await updateCustomer(pathId(event.params.id), input, actor.user.id);
				} catch (error) {
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
				return { message: translate(locale, 'common.saved') };
			},
			raw
		);
	}
};
