import { loadOrFail } from '#lib/server/catalog/pages';
import { requireActor } from '#lib/server/auth/guard';
import { getPortalDashboard } from '#lib/server/portal/portal';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { dashboard: await loadOrFail(event.locals.locale, () => getPortalDashboard(actor)) };
};
