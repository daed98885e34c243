import { requireActor } from '#lib/server/auth/guard';
import { loadOrFail } from '#lib/server/catalog/pages';
import { pathId } from '#lib/server/catalog/inputs';
import { requireAgency } from '#lib/server/portal/portal';
import { getRequestListView } from '#lib/server/service/ui-queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const list = await loadOrFail(event.locals.locale, async () => {
		requireAgency(actor);
		// 404 for another agency's list, checked by the service.
		return getRequestListView(actor, pathId(event.params.id));
	});
	return { list, created: event.url.searchParams.has('created') };
};
