import { requirePagePermission } from '#lib/server/auth/guard';
import { invoicePage } from '#lib/server/billing/views';
import { loadOrFail, pathId } from '../../../requests/page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const {
		entries: _entries,
		documents: _documents,
		...page
	} = await loadOrFail(event.locals.locale, () => invoicePage(actor, id));
	return page;
};
