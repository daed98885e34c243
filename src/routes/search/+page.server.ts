import { redirect } from '@sveltejs/kit';
import { can } from '#lib/server/auth/access';
import { requireActor } from '#lib/server/auth/guard';
import { AREA_OF } from '#lib/server/search';
import { SEARCH_KINDS } from '#lib/server/search/params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const kind = SEARCH_KINDS.find((k) => can(actor, AREA_OF[k], 'view')) ?? 'requests';
	redirect(303, `/search/${kind}${event.url.search}`);
};
