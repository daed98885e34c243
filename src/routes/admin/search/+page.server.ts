import { requirePagePermission } from '#lib/server/auth/guard';
import { searchHealth } from '#lib/server/search/health';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	return { health: await searchHealth(actor) };
};
