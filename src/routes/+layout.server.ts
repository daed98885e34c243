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
					agency: actor.user.agencyId !== null
				}
			: null,
		grants: actor?.grants ?? {}
	};
};
