import { countOverview } from '#lib/server/admin/overview';
import { requireActor } from '#lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireActor(event);
	return { overview: await countOverview() };
};
