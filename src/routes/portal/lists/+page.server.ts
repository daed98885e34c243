import { requireActor } from '#lib/server/auth/guard';
import { loadOrFail } from '#lib/server/catalog/pages';
import { listPortalLists } from '#lib/server/portal/portal';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { lists: await loadOrFail(event.locals.locale, () => listPortalLists(actor)) };
};
