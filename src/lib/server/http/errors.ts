import type { z } from 'zod';
import type { MessageKey } from '#lib/i18n';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429;

/** A field path (dot-joined) → message key with its parameters. */
export type FieldErrors = Record<
	string,
	{ key: MessageKey; params?: Record<string, string | number> }
>;

/** An expected failure the user can act on; never a stack trace, always a translated message. */
export class AppError extends Error {
	constructor(
		readonly status: ErrorStatus,
		readonly code: string,
		readonly messageKey: MessageKey,
		readonly params?: Record<string, string | number>,
		readonly fields?: FieldErrors,
		readonly details?: Record<string, unknown>
	) {
		super(code);
	}
}

/** 403: the actor lacks a permission. */
export function forbidden(): AppError {
	return new AppError(403, 'forbidden', 'error.forbidden');
}

/** 404: the thing does not exist or is outside the actor's scope (same answer for both). */
export function notFound(): AppError {
	return new AppError(404, 'not_found', 'error.notFound');
}

/** 401: no valid session or token. */
export function unauthorized(): AppError {
	return new AppError(401, 'unauthorized', 'error.unauthorized');
}

/** Turns zod issues into field-level message keys the UI and API can both show. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const path = issue.path.join('.') || '_';
		if (fields[path]) continue;
		fields[path] = describeIssue(issue);
	}
	return fields;
}

function describeIssue(issue: z.core.$ZodIssue): FieldErrors[string] {
	if (issue.message && issue.message.includes('.') && !issue.message.includes(' ')) {
		return { key: issue.message as MessageKey };
	}
	switch (issue.code) {
		case 'invalid_type':
			return {
				key:
					issue.input === undefined || issue.input === ''
						? 'validation.required'
						: 'validation.invalid'
			};
		case 'too_small':
			if (issue.origin === 'string') {
				return Number(issue.minimum) <= 1
					? { key: 'validation.required' }
					: { key: 'validation.tooShort', params: { min: Number(issue.minimum) } };
			}
			return { key: 'validation.invalid' };
		case 'too_big':
			if (issue.origin === 'string')
				return { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
			return { key: 'validation.invalid' };
		default:
			return { key: 'validation.invalid' };
	}
}

/** 422 with field errors, from a failed zod parse. */
export function validationError(error: z.ZodError): AppError {
	return new AppError(
		422,
		'validation_failed',
		'error.validation',
		undefined,
		fieldErrorsFromZod(error)
	);
}

/** Parses input with a schema or throws a 422 carrying every field's message. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw validationError(result.error);
	return result.data;
}

/** Postgres unique-violation detection across both drivers. */
export function isUniqueViolation(error: unknown): boolean {
	const e = error as { code?: string; cause?: { code?: string } };
	return e?.code === '23505' || e?.cause?.code === '23505';
}
