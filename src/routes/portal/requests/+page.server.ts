import { requireActor } from '#lib/server/auth/guard';
import { loadOrFail } from '#lib/server/catalog/pages';
import { requireAgency } from '#lib/server/portal/portal';
import { listRequests } from '#lib/server/service/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const params = event.url.searchParams;
	const filters = {
		status: params.get('status') ?? '',
		q: params.get('q') ?? '',
		cursor: params.get('cursor') ?? ''
	};
	// listRequests is limited to the actor's agency by the service layer; requireAgency keeps
	// staff on their own pages.
	const page = await loadOrFail(event.locals.locale, async () => {
		requireAgency(actor);
		return listRequests(actor, { ...filters, limit: '50' });
	});
	return { page, filters, created: params.get('created') };
};
