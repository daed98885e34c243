import { redirect } from '@sveltejs/kit';
import { setUserLocale } from '#lib/server/auth/preferences';
import { LOCALE_COOKIE } from '#lib/server/auth/request';
import { safeNext } from '#lib/server/auth/guard';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ locals, cookies, request }) => {
		const form = await request.formData();
		const next = locals.locale === 'fa' ? 'en' : 'fa';
		cookies.set(LOCALE_COOKIE, next, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 365
		});
		if (locals.actor) await setUserLocale(locals.actor.user.id, next);
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
