import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { directionOf, toLocale, translate } from '#lib/i18n';
import { startApplication } from '#lib/server/app/startup';
import { resolveActor, LOCALE_COOKIE } from '#lib/server/auth/request';

export const init: ServerInit = startApplication;

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.actor = await resolveActor(event);
	event.locals.locale = event.locals.actor
		? toLocale(event.locals.actor.user.locale)
		: toLocale(event.cookies.get(LOCALE_COOKIE));
	const locale = event.locals.locale;
	return resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace('%khadamat.lang%', locale).replace('%khadamat.dir%', directionOf(locale))
	});
};

export const handleError: HandleServerError = (input) => {
	const locale = input.event.locals.locale ?? 'fa';
	// App errors (error(403, {...})) already carry a translated message.
	if (input.kind === 'app') return;
	if (input.kind === 'unknown') {
		console.error(input.error);
		return { message: translate(locale, 'error.internal'), code: 'internal' };
	}
	const status = input.error.status;
	return {
		message: translate(
			locale,
			status === 404 ? 'error.notFound' : status === 403 ? 'error.forbidden' : 'error.internal'
		),
		code: status === 404 ? 'not_found' : 'error'
	};
};
