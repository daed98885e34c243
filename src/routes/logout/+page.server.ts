import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '#lib/server/auth/request';
import { invalidateSession } from '#lib/server/auth/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.actor) await invalidateSession(locals.actor.sessionId);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
