/**
 * Iranian mobile numbers. Customers are keyed by their mobile, so every entry point (reception
 * form, SMS gateway, Telegram contact share, import) must reduce a number to the same string.
 */
import { normalizeDigits, removeInvisibleChars, toPersianDigits } from './text';

/** Outcome of normalising a mobile number: the canonical `+989xxxxxxxxx` form, or why not. */
export type MobileResult = { ok: true; value: string } | { ok: false; error: 'invalid_mobile' };

// Country code (+98, 0098 or 98) optionally followed by the trunk 0 people keep out of habit
// ("+98 (0) 912…"), or just the trunk 0, or nothing; then 9 and nine more digits. Operator
// prefixes are deliberately not checked: new ranges (099x, 094x) appear every few years.
const MOBILE_PATTERN = /^(?:(?:\+|00)?98)?0?(9\d{9})$/;
const DECORATION = /[\s\-–—().]/g;

/** Reduces any common way of writing an Iranian mobile to `+989xxxxxxxxx`. */
export function normalizeMobile(input: string): MobileResult {
	const compact = removeInvisibleChars(normalizeDigits(input.normalize('NFKC'))).replace(
		DECORATION,
		''
	);
	const match = MOBILE_PATTERN.exec(compact);
	if (!match) return { ok: false, error: 'invalid_mobile' };
	return { ok: true, value: `+98${match[1]}` };
}

/** Tells whether the input is a recognisable Iranian mobile number. */
export function isValidMobile(input: string): boolean {
	return normalizeMobile(input).ok;
}

/** Formats a mobile the way Iranians read it, `0912 345 6789`; unrecognised input is returned trimmed. */
export function formatMobileForDisplay(
	input: string,
	options: { digits?: 'fa' | 'latin' } = {}
): string {
	const result = normalizeMobile(input);
	if (!result.ok) return input.trim();
	const national = `0${result.value.slice(3)}`;
	const grouped = `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
	return options.digits === 'fa' ? toPersianDigits(grouped) : grouped;
}
