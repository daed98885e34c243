import { json } from '@sveltejs/kit';
import { attemptLogin } from '#lib/server/auth/login';
import { loginSchema } from '#lib/server/auth/schemas';
import { createSession } from '#lib/server/auth/sessions';
import { apiRoute } from '#lib/server/http/api';
import { AppError } from '#lib/server/http/errors';

export const POST = apiRoute({ permission: false, body: loginSchema }, async ({ body, event }) => {
	const result = await attemptLogin(body.username, body.password, event.getClientAddress());
	if (!result.ok) {
		if (result.reason === 'rate_limited') {
			const minutes = Math.ceil((result.retryAfterSeconds ?? 900) / 60);
			throw new AppError(429, 'rate_limited', 'login.rateLimited', { minutes });
		}
		throw new AppError(401, 'invalid_credentials', 'login.invalid');
	}
	const { token, session } = await createSession(result.user.id, 'api');
	return json({
		token,
		tokenType: 'Bearer',
		expiresAt: session.expiresAt.toISOString(),
		user: {
			id: result.user.id,
			username: result.user.username,
			displayName: result.user.displayName
		}
	});
});
