import { fail, isRedirect, isHttpError, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { translate, type Locale } from '#lib/i18n';
import { AppError, parseOrThrow } from './errors';

export interface FormFailure {
	message: string;
	fields: Record<string, string>;
	values: Record<string, unknown>;
}

/** Reads a form's fields into a plain object; repeated names become arrays. */
export function formToObject(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of form.entries()) {
		if (typeof value !== 'string') continue;
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else
			out[key] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
	}
	return out;
}

/** Parses a submitted form with a schema; failures become a translated 422 with field messages. */
export async function parseForm<T extends z.ZodType>(
	request: Request,
	schema: T
): Promise<{ data: z.infer<T>; raw: Record<string, unknown> }> {
	const raw = formToObject(await request.formData());
	return { data: parseOrThrow(schema, raw), raw };
}

/**
 * Runs a form action body; expected failures come back to the form as translated messages and
 * the user's values (minus secrets), so nothing typed is lost.
 */
export async function runAction<T>(
	locale: Locale,
	body: () => Promise<T>,
	values: Record<string, unknown> = {}
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await body();
	} catch (error) {
		if (isRedirect(error) || isHttpError(error)) throw error;
		const safeValues = Object.fromEntries(
			Object.entries(values).filter(([k]) => !/password|token/i.test(k))
		);
		if (error instanceof AppError) {
			const fields = Object.fromEntries(
				Object.entries(error.fields ?? {}).map(([path, f]) => [
					path,
					translate(locale, f.key, f.params)
				])
			);
			return fail(error.status, {
				message: translate(locale, error.messageKey, error.params),
				fields,
				values: safeValues
			});
		}
		throw error;
	}
}
