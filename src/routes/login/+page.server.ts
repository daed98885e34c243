import { redirect } from '@sveltejs/kit';
import { hasAdministrator } from '#lib/server/auth/bootstrap';
import { safeNext } from '#lib/server/auth/guard';
import { attemptLogin } from '#lib/server/auth/login';
import { setSessionCookie } from '#lib/server/auth/request';
import { loginSchema } from '#lib/server/auth/schemas';
import { createSession, invalidateSession } from '#lib/server/auth/sessions';
import { AppError } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { parseOrThrow } from '#lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next')));
	return { hasAdmin: await hasAdministrator() };
};

export const actions: Actions = {
	default: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const input = parseOrThrow(loginSchema, raw);
				const result = await attemptLogin(input.username, input.password, event.getClientAddress());
				if (!result.ok) {
					if (result.reason === 'rate_limited') {
						throw new AppError(429, 'rate_limited', 'login.rateLimited', {
							minutes: Math.ceil((result.retryAfterSeconds ?? 900) / 60)
						});
					}
					throw new AppError(400, 'invalid_credentials', 'login.invalid');
				}
				// A fresh session at every sign-in: any token planted before sign-in is worthless.
				if (event.locals.actor) await invalidateSession(event.locals.actor.sessionId);
				const { token, session } = await createSession(result.user.id, 'web');
				setSessionCookie(event.cookies, token, session.expiresAt);
				redirect(303, safeNext(event.url.searchParams.get('next')));
			},
			raw
		);
	}
};
