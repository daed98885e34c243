import { error } from '@sveltejs/kit';
import { translate, type Locale } from '#lib/i18n';
import { AppError } from '#lib/server/http/errors';

/**
 * Runs a service-path page's load step: a service's expected failure (404 outside the user's
 * branch, 403) becomes that error page in the user's language instead of a 500.
 */
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

/** A path id as a number; anything else is the same 404 as a missing request. */
export function pathId(locale: Locale, value: string): number {
	const id = Number(value);
	if (!Number.isSafeInteger(id) || id < 1)
		error(404, { message: translate(locale, 'error.notFound'), code: 'not_found' });
	return id;
}
