import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { documentPage } from '#lib/server/stock/documents';
import { loadOrFail, pathId } from '../../../requests/page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'stock', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const page = await loadOrFail(event.locals.locale, () => documentPage(actor, id));
	return {
		...page,
		canSeeJournal: can(actor, 'reports', 'view'),
		canSeeInvoice: can(actor, 'invoices', 'view')
	};
};
