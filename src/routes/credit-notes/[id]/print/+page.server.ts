import { requirePagePermission } from '#lib/server/auth/guard';
import { creditNotePage } from '#lib/server/billing/credit-notes';
import { invoicePage } from '#lib/server/billing/views';
import { loadOrFail, pathId } from '../../../requests/page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const { note, invoice, lines } = await loadOrFail(event.locals.locale, () =>
		creditNotePage(actor, id)
	);
	// The seller and buyer are the invoice's: a credit note prints the same parties.
	const { settings, branch, customer, agency, request } = await loadOrFail(
		event.locals.locale,
		() => invoicePage(actor, invoice.id)
	);
	return { note, invoice, lines, settings, branch, customer, agency, request };
};
