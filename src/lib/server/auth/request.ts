import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { isProduction } from '../config';
import { loadGrants, type Actor } from './access';
import { SESSION_COOKIE, validateSessionToken } from './sessions';

export const LOCALE_COOKIE = 'khadamat_locale';

/** The actor behind a request: a bearer token (API) or the session cookie (browser). */
export async function resolveActor(event: RequestEvent): Promise<Actor | null> {
	const header = event.request.headers.get('authorization');
	if (header?.toLowerCase().startsWith('bearer ')) {
		const found = await validateSessionToken(header.slice(7).trim(), 'api');
		if (!found) return null;
		return {
			...found,
			sessionId: found.session.id,
			grants: await loadGrants(found.user.id),
			via: 'bearer'
		};
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return null;
	const found = await validateSessionToken(token, 'web');
	if (!found) {
		clearSessionCookie(event.cookies);
		return null;
	}
	setSessionCookie(event.cookies, token, found.session.expiresAt);
	return {
		...found,
		sessionId: found.session.id,
		grants: await loadGrants(found.user.id),
		via: 'cookie'
	};
}

/** Writes the session cookie: HttpOnly, SameSite=Lax, Secure in production. */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isProduction(),
		expires: expiresAt
	});
}

/** Removes the session cookie. */
export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
