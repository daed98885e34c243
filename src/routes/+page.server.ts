import { countOverview } from '#lib/server/admin/overview';
import { can } from '#lib/server/auth/access';
import { requireActor, requirePagePermission } from '#lib/server/auth/guard';
import { loadDemoData } from '#lib/server/demo/index';
import { countRequestsByStatus } from '#lib/server/service/ui-queries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		overview: await countOverview(),
		canLoadDemo: can(actor, 'admin', 'manage'),
		statusCounts: can(actor, 'requests', 'view') ? await countRequestsByStatus(actor) : null
	};
};

export const actions: Actions = {
	demo: async (event) => {
		requirePagePermission(event, 'admin', 'manage');
		const result = await loadDemoData();
		return { demo: result };
	}
};
