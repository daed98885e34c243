import { redirect } from '@sveltejs/kit';
import { requirePagePermission } from '#lib/server/auth/guard';
import type { PageServerLoad } from './$types';

// Administration starts at the user list; the header links each page directly.
export const load: PageServerLoad = (event) => {
	requirePagePermission(event, 'admin', 'view');
	redirect(307, '/admin/users');
};
