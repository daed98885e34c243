import { requirePagePermission } from '#lib/server/auth/guard';
import { recordRefund } from '#lib/server/billing/credit-notes';
import { postInvoice, recordPayment } from '#lib/server/billing/invoices';
import { billingPageAccess, invoicePage } from '#lib/server/billing/views';
import { translate } from '#lib/i18n';
import { formToObject, runAction } from '#lib/server/http/forms';
import { loadOrFail, pathId } from '../../requests/page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const page = await loadOrFail(event.locals.locale, () => invoicePage(actor, id));
	return {
		...page,
		...billingPageAccess(actor),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	post: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'edit');
		const id = pathId(event.locals.locale, event.params.id);
		return runAction(event.locals.locale, async () => {
			await postInvoice(actor, id);
			return { done: translate(event.locals.locale, 'billing.detail.posted') };
		});
	},
	pay: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'edit');
		const id = pathId(event.locals.locale, event.params.id);
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await recordPayment(actor, id, {
					method: raw.method,
					amountRials: raw.amountRials,
					reference: typeof raw.reference === 'string' ? raw.reference : undefined
				});
				return { done: translate(event.locals.locale, 'billing.payment.recorded') };
			},
			raw
		);
	},
	refund: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'edit');
		const id = pathId(event.locals.locale, event.params.id);
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await recordRefund(actor, id, {
					method: raw.refundMethod,
					amountRials: raw.refundAmountRials,
					reference: typeof raw.refundReference === 'string' ? raw.refundReference : undefined
				});
				return { done: translate(event.locals.locale, 'creditNote.refund.recorded') };
			},
			raw
		);
	}
};
