import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { requireActor } from '#lib/server/auth/guard';
import { can } from '#lib/server/auth/access';
import type { LayoutServerLoad } from './$types';

// The portal is the agencies' own door: staff are sent to their own pages by a 403.
export const load: LayoutServerLoad = (event) => {
	const actor = requireActor(event);
	if (!actor.user.agencyId || !can(actor, 'requests', 'view'))
		error(403, { message: translate(event.locals.locale, 'portal.staffOnly'), code: 'forbidden' });
	return { canSubmit: can(actor, 'requests', 'edit') };
};
