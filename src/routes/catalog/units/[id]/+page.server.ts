import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { pathId } from '#lib/server/catalog/inputs';
import { formText, loadOrFail } from '#lib/server/catalog/pages';
import {
	getUnit,
	listUnitOwnerChanges,
	unitUpdateSchema,
	updateUnit
} from '#lib/server/catalog/units';
import { findCustomerByMobile } from '#lib/server/crm/customers';
import { AppError, parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const [unit, owners] = await loadOrFail(event.locals.locale, () => {
		const id = pathId(event.params.id);
		return Promise.all([getUnit(id), listUnitOwnerChanges(id)]);
	});
	return {
		unit,
		owners,
		canEdit: can(actor, 'catalog', 'edit'),
		canSeeRequests: can(actor, 'requests', 'view')
	};
};

export const actions: Actions = {
	/** Corrects the serial or dates and sets the owner by mobile; an empty mobile leaves no owner. */
	update: async (event) => {
		// Refused before the form is read: the page behind the form may not exist, and a refusal
		// returned to it would render as that page's 404 instead of 403.
		const actor = requirePagePermission(event, 'catalog', 'edit');
		const raw = formToObject(await event.request.formData());
		const locale = event.locals.locale;
		return runAction(
			locale,
			async () => {
				const unitId = pathId(event.params.id);
				const mobile = formText(raw, 'ownerMobile').trim();
				const input = parseOrThrow(unitUpdateSchema, {
					serial: raw.serial,
					saleDate: raw.saleDate ?? '',
					activationDate: raw.activationDate ?? '',
					...(mobile ? { ownerMobile: mobile } : { ownerId: null })
				});
				// The owner must already be a customer: say so here, with a way to register them.
				if (input.ownerMobile !== undefined && !(await findCustomerByMobile(input.ownerMobile))) {
					throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
						ownerMobile: { key: 'catalog.unit.unknownOwner' }
					});
				}
				await updateUnit(unitId, input, actor.user.id);
				return { message: translate(locale, 'common.saved') };
			},
			raw
		);
	}
};
