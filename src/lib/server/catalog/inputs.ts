/**
 * Zod building blocks shared by the master-data contexts (catalogue, CRM, organisation). Each
 * field accepts what JSON clients and HTML forms send — Persian or Arabic digits, typed amounts
 * with separators, "on" from a checkbox, "" for an empty input — and yields the canonical value
 * stored. Inputs are declared (string | number …) before the transform so the OpenAPI document
 * generated from these schemas still says what to send.
 */
import { z } from 'zod';
import { parseDayInput } from '#lib/domain/day-input';
import { parseRials } from '#lib/domain/money';
import {
	normalizeDigits,
	parseLocaleDecimal,
	parseLocaleInt,
	removeInvisibleChars
} from '#lib/domain/text';
import { notFound } from '../http/errors';

// Invisible characters pasted along with text; the ZWNJ (U+200C) is not among them: it is part
// of Persian spelling ("علی‌رضا", "می‌شود") and must be kept.
const STRAY_INVISIBLES =
	/(?:[\u200B\u2060\uFEFF\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]|\u200D)/g;

/** A required one-line text, trimmed, stray invisible characters removed, spaces collapsed. */
export function text(max = 200) {
	return z
		.string()
		.transform((v) => v.replace(STRAY_INVISIBLES, '').replace(/\s+/g, ' ').trim())
		.pipe(z.string().min(1).max(max));
}

/** A free text that may be empty (addresses, notes). */
export function optionalText(max = 500) {
	return z
		.string()
		.transform((v) => v.trim())
		.pipe(z.string().max(max));
}

/** A code such as `RF-520`: Latin letters, digits and `-_./`, stored upper case; any digits accepted. */
export const code = z
	.string()
	.transform((v) => removeInvisibleChars(normalizeDigits(v)).trim().toUpperCase())
	.pipe(
		z
			.string()
			.min(1)
			.max(40)
			.regex(/^[A-Z0-9][A-Z0-9._/-]*$/, 'catalog.validation.code')
	)
	.meta({ description: 'Latin letters, digits and - _ . /; stored upper case.' });

const TRUE = ['true', 'on', '1', 'yes'];
const FALSE = ['false', 'off', '0', 'no'];

/** A yes/no from JSON (`true`), a query string (`true`/`false`) or a checkbox (`on`). */
export const flag = z
	.union([z.boolean(), z.string()])
	.transform((v) =>
		typeof v === 'boolean' ? v : TRUE.includes(v) ? true : FALSE.includes(v) ? false : v
	)
	.pipe(z.boolean());

/** A whole number; strings may use any digits and thousands separators. */
export function int(min = 0, max = 2_000_000_000) {
	return z
		.union([z.number(), z.string()])
		.transform((v) => (typeof v === 'string' ? (parseLocaleInt(v) ?? Number.NaN) : v))
		.pipe(
			z
				.number({ message: 'validation.number' })
				.int('validation.number')
				.min(min, 'validation.number')
				.max(max, 'validation.number')
		);
}

/** A database id from a path, a query string or a form. */
export const id = int(1);

/** A positive decimal such as a BOM quantity (`1.5`, `۰٫۲۵`). */
export const quantity = z
	.union([z.number(), z.string()])
	.transform((v) => (typeof v === 'string' ? (parseLocaleDecimal(v) ?? Number.NaN) : v))
	.pipe(
		z
			.number({ message: 'validation.number' })
			.positive('validation.number')
			.max(1_000_000, 'validation.number')
	);

/** Integer Rials: a JSON integer, or a string such as `12500000` or `۱۲٬۵۰۰٬۰۰۰`. */
export const rials = z
	.union([z.number(), z.string()])
	.transform((v) =>
		typeof v === 'number' ? (Number.isSafeInteger(v) ? BigInt(v) : null) : parseRials(v)
	)
	.pipe(
		z
			.bigint({ message: 'validation.number' })
			.min(0n, 'validation.number')
			.max(10n ** 15n, 'validation.number')
	)
	.meta({ description: 'Integer Rials; send large amounts as a decimal string.' });

/** A calendar day: Jalali in any digits (`۱۴۰۵/۰۱/۱۵`) or ISO Gregorian; midnight in Tehran. */
export const day = z
	.string()
	.transform((v) => parseDayInput(v) ?? 'invalid')
	.pipe(z.date({ message: 'catalog.validation.date' }))
	.meta({ description: 'Jalali `1405/01/15` (any digits) or ISO `2026-04-04`.' });

/** Makes a field optional where an empty form input means "not given". */
export function optional<T extends z.ZodType>(schema: T) {
	// A preprocess, not a union with '', so the inner schema's own message reaches the user.
	return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

/** Like optional, but an empty input (or JSON null) means "clear it". */
export function nullable<T extends z.ZodType>(schema: T) {
	return z.preprocess((v) => (v === '' ? null : v), schema.nullable().optional());
}

/** A list of ids from JSON (`[1,2]`) or a form (one value or repeated fields). */
export const idList = z
	.union([z.array(id), id])
	.transform((v) => (Array.isArray(v) ? v : [v]))
	.pipe(z.array(z.number()).max(10_000));

/** Reads a numeric path parameter; anything else is simply "not found". */
export function pathId(value: string | undefined): number {
	const parsed = id.safeParse(value ?? '');
	if (!parsed.success) throw notFound();
	return parsed.data;
}
