import { error } from '@sveltejs/kit';
import { translate, type Locale } from '#lib/i18n';
import { AppError } from '#lib/server/http/errors';

/** Runs a page's load step; a service's expected failure (404 outside scope…) becomes that error page. */
export async function loadOrFail<T>(locale: Locale, step: () => Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (failure) {
		if (failure instanceof AppError) {
			error(failure.status, {
				message: translate(locale, failure.messageKey, failure.params),
				code: failure.code
			});
		}
		throw failure;
	}
}
