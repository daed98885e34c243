import { redirect } from '@sveltejs/kit';
import { completeSetup, isSetupTokenValid } from '#lib/server/auth/bootstrap';
import { setSessionCookie } from '#lib/server/auth/request';
import { setupSchema } from '#lib/server/auth/schemas';
import { createSession } from '#lib/server/auth/sessions';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	return { token, valid: token.length > 0 && (await isSetupTokenValid(token)) };
};

export const actions: Actions = {
	default: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const input = parseOrThrow(setupSchema, raw);
				const user = await completeSetup(input.token, input);
				const { token, session } = await createSession(user.id, 'web');
				setSessionCookie(event.cookies, token, session.expiresAt);
				redirect(303, '/');
			},
			raw
		);
	}
};
