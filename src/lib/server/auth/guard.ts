import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can, type Actor, type Area, type Level } from './access';

/** The signed-in actor of a page request, or a redirect to sign-in that comes back here. */
export function requireActor(event: Pick<RequestEvent, 'locals' | 'url'>): Actor {
	const actor = event.locals.actor;
	if (!actor) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return actor;
}

/** Like requireActor, and answers 403 unless the actor holds the permission. */
export function requirePagePermission(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	area: Area,
	level: Level
): Actor {
	const actor = requireActor(event);
	if (!can(actor, area, level)) {
		error(403, { message: translate(event.locals.locale, 'error.forbidden'), code: 'forbidden' });
	}
	return actor;
}

/** Only same-site relative paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
