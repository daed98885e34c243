import { requirePagePermission } from '#lib/server/auth/guard';
import { ORDER_STATUSES } from '#lib/server/db/schema';
import { listBranchOptions } from '#lib/server/org/branches';
import { listOrders } from '#lib/server/service/queries';
import { orderListQuery } from '#lib/server/service/schemas';
import { listTechnicianChoices, readListFilters } from '#lib/server/service/ui-queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'orders', 'view');
	const { query, raw } = readListFilters(orderListQuery, event.url.searchParams);
	const [page, branches, technicians] = await Promise.all([
		listOrders(actor, raw),
		listBranchOptions(actor.user.branchId),
		listTechnicianChoices(actor)
	]);
	return {
		page,
		branches,
		technicians: technicians.map(({ id, displayName }) => ({ id, displayName })),
		statuses: ORDER_STATUSES,
		filters: {
			status: query.status?.[0] ?? '',
			branchId: query.branchId ?? '',
			technicianId: query.technicianId ?? '',
			from: typeof raw.from === 'string' ? raw.from : '',
			to: typeof raw.to === 'string' ? raw.to : '',
			cursor: query.cursor ?? ''
		},
		showBranch: actor.user.branchId === null
	};
};
