import type { MessageKey } from '#lib/i18n';
import { AppError } from '../http/errors';

/** 422 on one field with one message, as forms and the API show it beside that field. */
export function fieldError(
	field: string,
	key: MessageKey,
	params?: Record<string, string | number>
): AppError {
	return new AppError(422, 'validation_failed', 'error.validation', undefined, {
		[field]: { key, params }
	});
}

/** 409 for a step that does not fit where the request or document stands now. */
export function conflict(
	code: string,
	key: MessageKey,
	details?: Record<string, unknown>
): AppError {
	return new AppError(409, code, key, undefined, undefined, details);
}
