import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
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

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(error);
	const locale = event.locals.locale ?? 'fa';
	return {
		message: translate(locale, status === 404 ? 'error.notFound' : 'error.internal'),
		code: status === 404 ? 'not_found' : 'internal'
	};
};
