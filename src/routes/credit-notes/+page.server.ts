import { requirePagePermission } from '#lib/server/auth/guard';
import { creditNoteBranches, creditNoteList } from '#lib/server/billing/credit-notes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	const params = Object.fromEntries(event.url.searchParams);
	const [page, branches] = await Promise.all([
		creditNoteList(actor, params),
		creditNoteBranches(actor)
	]);
	return {
		page,
		branches,
		filters: {
			branchId: params.branchId ?? '',
			status: params.status ?? '',
			from: params.from ?? '',
			to: params.to ?? '',
			cursor: params.cursor ?? ''
		}
	};
};
