import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { listBranchOptions } from '#lib/server/org/branches';
import { requestListQuery } from '#lib/server/service/schemas';
import { listRequests } from '#lib/server/service/queries';
import {
	countRequestsByStatus,
	listTechnicianChoices,
	readListFilters
} from '#lib/server/service/ui-queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	const { query, raw } = readListFilters(requestListQuery, event.url.searchParams);
	const [page, counts, branches, technicians] = await Promise.all([
		listRequests(actor, raw),
		countRequestsByStatus(actor, query),
		listBranchOptions(actor.user.branchId),
		listTechnicianChoices(actor)
	]);
	return {
		page,
		counts,
		branches,
		technicians: technicians.map(({ id, displayName }) => ({ id, displayName })),
		filters: {
			status: query.status ?? [],
			branchId: query.branchId ?? '',
			technicianId: query.technicianId ?? '',
			replacementFlag: query.replacementFlag ?? '',
			from: typeof raw.from === 'string' && query.from ? raw.from : '',
			to: typeof raw.to === 'string' && query.to ? raw.to : '',
			q: query.q ?? '',
			listId: query.listId ?? '',
			cursor: query.cursor ?? ''
		},
		canReceive: can(actor, 'requests', 'edit'),
		showBranch: actor.user.branchId === null
	};
};
