import { requirePagePermission } from '#lib/server/auth/guard';
import { journalPage } from '#lib/server/billing/accounting';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'reports', 'view');
	const q = event.url.searchParams;
	return journalPage(actor, { from: q.get('from'), to: q.get('to') });
};
