import { requirePagePermission } from '#lib/server/auth/guard';
import { WORK_LOG_STATUSES } from '#lib/server/db/schema';
import { listBranchOptions } from '#lib/server/org/branches';
import { listWorkLogs } from '#lib/server/service/queries';
import { workLogListQuery } from '#lib/server/service/schemas';
import {
	listTechnicianChoices,
	productNames,
	readListFilters
} from '#lib/server/service/ui-queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'worklogs', 'view');
	const { query, raw } = readListFilters(workLogListQuery, event.url.searchParams);
	const [page, branches, technicians] = await Promise.all([
		listWorkLogs(actor, raw),
		listBranchOptions(actor.user.branchId),
		listTechnicianChoices(actor)
	]);
	return {
		page,
		parts: await productNames(page.items.flatMap((l) => l.parts.map((p) => p.productId))),
		branches,
		technicians: technicians.map(({ id, displayName }) => ({ id, displayName })),
		statuses: WORK_LOG_STATUSES,
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
