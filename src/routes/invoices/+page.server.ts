import { redirect } from '@sveltejs/kit';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { createInvoiceFromEstimate } from '#lib/server/billing/invoices';
import { invoiceableEstimates, invoiceList } from '#lib/server/billing/views';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	const params = Object.fromEntries(event.url.searchParams);
	const canEdit = can(actor, 'invoices', 'edit');
	const [rows, estimates] = await Promise.all([
		invoiceList(actor, params),
		canEdit ? invoiceableEstimates(actor) : Promise.resolve([])
	]);
	return {
		rows,
		estimates,
		filters: {
			q: params.q ?? '',
			status: params.status ?? '',
			pay: params.pay ?? '',
			from: params.from ?? '',
			to: params.to ?? ''
		},
		canEdit,
		canManage: can(actor, 'invoices', 'manage')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const invoice = await createInvoiceFromEstimate(actor, {
					estimateId: raw.estimateId,
					...(raw.discountRials ? { discountRials: raw.discountRials } : {})
				});
				redirect(303, `/invoices/${invoice.id}?created=1`);
			},
			raw
		);
	}
};
