import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const actor = locals.actor;
	return {
		locale: locals.locale,
		user: actor
			? {
					id: actor.user.id,
					username: actor.user.username,
					displayName: actor.user.displayName,
					agency: Boolean(actor.user.agencyId)
				}
			: null,
		grants: actor?.grants ?? {}
	};
};
