import { requireActor } from '#lib/server/auth/guard';
import { loadOrFail } from '#lib/server/catalog/pages';
import { listPortalOrders } from '#lib/server/portal/portal';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const params = event.url.searchParams;
	const filters = { status: params.get('status') ?? '', cursor: params.get('cursor') ?? '' };
	return {
		page: await loadOrFail(event.locals.locale, () => listPortalOrders(actor, filters)),
		filters
	};
};
