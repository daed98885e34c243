import { requirePagePermission } from '#lib/server/auth/guard';
import { journalEntryPage } from '#lib/server/billing/accounting';
import { loadOrFail, pathId } from '../../../requests/page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'reports', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	return { entry: await loadOrFail(event.locals.locale, () => journalEntryPage(actor, id)) };
};
