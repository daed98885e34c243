import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const actor = requirePagePermission(event, 'warranty', 'view');
	return { canEdit: can(actor, 'warranty', 'edit') };
};
