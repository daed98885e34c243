import { requirePagePermission } from '#lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePagePermission(event, 'reports', 'view');
	return {};
};
