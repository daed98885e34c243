/** Small helpers the master-data pages share between their loads and form actions. */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { translate, type Locale } from '#lib/i18n';
import { requirePermission, type Actor, type Area, type Level } from '../auth/access';
import { requireActor } from '../auth/guard';
import { AppError } from '../http/errors';

/**
 * The actor of a form action, who must hold the permission. Inside runAction a missing
 * permission comes back to the form as a translated message, like any other refusal.
 */
export function actionActor(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	area: Area,
	level: Level
): Actor {
	const actor = requireActor(event);
	requirePermission(actor, area, level);
	return actor;
}

/** Runs a page's load step; an expected failure (404, out of scope) becomes that error page. */
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

/** A posted field as text; missing or repeated fields read as empty. */
export function formText(raw: Record<string, unknown>, name: string): string {
	const value = raw[name];
	return typeof value === 'string' ? value : '';
}

/** A checkbox as posted: present (any value) means ticked. */
export function checked(raw: Record<string, unknown>, name: string): boolean {
	return raw[name] !== undefined;
}

/** List filters from the URL; a hand-edited bad value is dropped rather than failing the page. */
export function filtersFrom<T extends z.ZodObject>(schema: T, url: URL): z.infer<T> {
	const input: Record<string, string> = {};
	for (const [key, value] of url.searchParams) {
		const field = schema.shape[key] as z.ZodType | undefined;
		if (value !== '' && field?.safeParse(value).success) input[key] = value;
	}
	return schema.parse(input);
}
