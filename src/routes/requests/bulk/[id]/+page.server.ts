import { requirePagePermission } from '#lib/server/auth/guard';
import { getRequestListView } from '#lib/server/service/ui-queries';
import { loadOrFail, pathId } from '../../page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	return {
		list: await loadOrFail(event.locals.locale, () => getRequestListView(actor, id)),
		created: event.url.searchParams.has('created')
	};
};
