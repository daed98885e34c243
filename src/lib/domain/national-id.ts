/**
 * Iranian national id (کد ملی): ten digits, the last being a mod-11 check digit over the first nine.
 */
import { normalizeDigits, removeInvisibleChars } from './text';

/** Outcome of validating a national id: the canonical ten Latin digits, or why not. */
export type NationalIdResult =
	{ ok: true; value: string } | { ok: false; error: 'invalid_national_id' };

/** Computes the check digit the civil registry appends to the first nine digits. */
export function nationalIdCheckDigit(firstNine: string): number {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
	const remainder = sum % 11;
	return remainder < 2 ? remainder : 11 - remainder;
}

/** Validates a national id typed in any digits and pads 8–9 digit input lost its leading zeros. */
export function normalizeNationalId(input: string): NationalIdResult {
	const digits = removeInvisibleChars(normalizeDigits(input)).replace(/[\s-]/g, '');
	// Spreadsheets and numeric DB columns drop leading zeros, so ids from Tehran ("00…") arrive short.
	if (!/^\d{8,10}$/.test(digits)) return { ok: false, error: 'invalid_national_id' };
	const id = digits.padStart(10, '0');
	// Repeated digits pass the checksum ("1111111111") but are never issued; they are typed as filler.
	if (/^(\d)\1{9}$/.test(id)) return { ok: false, error: 'invalid_national_id' };
	if (nationalIdCheckDigit(id) !== Number(id[9]))
		return { ok: false, error: 'invalid_national_id' };
	return { ok: true, value: id };
}

/** Tells whether the input is a valid national id. */
export function isValidNationalId(input: string): boolean {
	return normalizeNationalId(input).ok;
}
