/**
 * Persian/Arabic text normalisation shared by search, serials, mobiles and number input.
 *
 * Users type on Persian, Arabic and Latin keyboards, paste from PDFs and SMS, and mix digit
 * systems freely; everything that compares or parses text goes through these helpers so that
 * "۰۹۱۲", "٠٩١٢" and "0912" — or "كتاب" and "کتاب" — are the same thing.
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

const PERSIAN_OR_ARABIC_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/g;
const LATIN_OR_ARABIC_DIGIT = /[0-9\u0660-\u0669]/g;

// Zero-width characters that sit between words (ZWNJ is the Persian half-space); they become a
// space so that "می‌روم" still splits into tokens for search.
// An alternation, not a class: a class holding ZWJ reads as a joined emoji sequence to linters.
const ZERO_WIDTH_SEPARATORS = /\u200B|\u200C|\u200D|\u2060|\uFEFF/g;
// Bidi controls are inserted by copy/paste around numbers and Latin words; they separate nothing,
// so they are dropped rather than turned into spaces.
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

// Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, and the combining hamza/madda.
const ARABIC_DIACRITICS =
	/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g;
const TATWEEL = /\u0640/g;

const LETTER_FOLDS: Readonly<Record<string, string>> = {
	'\u064A': '\u06CC', // Arabic yeh ي → Persian yeh ی
	'\u0649': '\u06CC', // alef maksura ى → ی
	'\u0643': '\u06A9', // Arabic kaf ك → Persian kaf ک
	'\u06AA': '\u06A9', // swash kaf ڪ → ک
	'\u0629': '\u0647', // teh marbuta ة → ه
	'\u06C0': '\u0647', // heh with yeh above ۀ → ه (the ezafe is grammar, not spelling)
	'\u06C1': '\u0647', // heh goal ہ → ه
	'\u06D5': '\u0647', // ae ە → ه
	'\u0623': '\u0627', // alef with hamza above أ → ا ("تأیید" and "تایید" must match)
	'\u0625': '\u0627', // alef with hamza below إ → ا
	'\u0671': '\u0627' // alef wasla ٱ → ا
};
const FOLDABLE_LETTERS = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

const SERIAL_SEPARATORS = /[\s\-_./\\\u2010-\u2015\u2212]/g;

/** Converts Persian (۰-۹) and Arabic-Indic (٠-٩) digits to Latin 0-9, leaving everything else. */
export function normalizeDigits(input: string): string {
	return input.replace(PERSIAN_OR_ARABIC_DIGIT, (ch) => {
		const code = ch.charCodeAt(0);
		const zero = code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO;
		return String(code - zero);
	});
}

/** Removes zero-width and bidi control characters that are invisible but break comparisons. */
export function removeInvisibleChars(input: string): string {
	return input.replace(ZERO_WIDTH_SEPARATORS, '').replace(BIDI_CONTROLS, '');
}

/**
 * Folds Persian/Arabic text to one canonical form for search and comparison.
 *
 * آ is kept: it is a distinct Persian letter, and Persian keyboards type it directly.
 */
export function normalizePersian(input: string): string {
	// NFKC first: it folds Arabic presentation forms pasted from PDFs (ﻙ, ﻻ …) and full-width
	// Latin to their base letters, and composes ا + madda into آ before diacritics are stripped.
	return normalizeDigits(input.normalize('NFKC'))
		.replace(BIDI_CONTROLS, '')
		.replace(ZERO_WIDTH_SEPARATORS, ' ')
		.replace(ARABIC_DIACRITICS, '')
		.replace(TATWEEL, '')
		.replace(FOLDABLE_LETTERS, (ch) => LETTER_FOLDS[ch] ?? ch)
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}

/** Canonical form of a product/warranty serial: Latin digits, no separators, upper case. */
export function normalizeSerial(input: string): string {
	return removeInvisibleChars(normalizeDigits(input.normalize('NFKC')))
		.replace(SERIAL_SEPARATORS, '')
		.toUpperCase();
}

/** Renders every Latin or Arabic-Indic digit with Persian digits (۰-۹); other characters stay. */
export function toPersianDigits(value: string | number | bigint): string {
	return String(value).replace(LATIN_OR_ARABIC_DIGIT, (ch) => {
		const code = ch.charCodeAt(0);
		const digit = code >= ARABIC_INDIC_ZERO ? code - ARABIC_INDIC_ZERO : code - 48;
		return String.fromCharCode(PERSIAN_ZERO + digit);
	});
}

/** Display locale of the app: Persian (RTL, Persian digits) or English. */
export type DisplayLocale = 'fa' | 'en';

const numberFormatters = new Map<string, Intl.NumberFormat>();

function numberFormatter(locale: DisplayLocale, maximumFractionDigits: number): Intl.NumberFormat {
	const key = `${locale}:${maximumFractionDigits}`;
	let formatter = numberFormatters.get(key);
	if (!formatter) {
		// fa-IR gives '٬' grouping, '٫' decimal point and Persian digits; en-US gives 12,500,000.
		formatter = new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : 'en-US', {
			maximumFractionDigits,
			useGrouping: true
		});
		numberFormatters.set(key, formatter);
	}
	return formatter;
}

/** Formats a number with thousands separators: fa → '۱۲٬۵۰۰٬۰۰۰', en → '12,500,000'. */
export function formatNumber(
	n: number | bigint,
	locale: DisplayLocale,
	options: { maximumFractionDigits?: number } = {}
): string {
	return numberFormatter(locale, options.maximumFractionDigits ?? 3).format(n);
}

// Thousands separators users actually type: ASCII comma, Persian '٬', Arabic comma '،' (common on
// Persian keyboards), and the spaces Intl or word processors insert.
const GROUP_SEPARATOR = "[,\\u066C\\u060C\\u00A0\\u2009\\u202F ']";
const INTEGER_PART = `(?:\\d{1,3}(?:${GROUP_SEPARATOR}\\d{3})+|\\d+)`;
const INTEGER_PATTERN = new RegExp(`^[+-]?${INTEGER_PART}$`);
const DECIMAL_PATTERN = new RegExp(`^[+-]?(?:${INTEGER_PART}(?:[.\\u066B]\\d+)?|[.\\u066B]\\d+)$`);
const GROUP_SEPARATORS_GLOBAL = new RegExp(GROUP_SEPARATOR, 'g');

function cleanNumericInput(text: string): string {
	return removeInvisibleChars(normalizeDigits(text.normalize('NFKC')))
		.trim()
		.replace(/^[\u2212\u2010\u2011]/, '-'); // Intl's fa-IR output uses U+2212 for minus
}

/** Parses an integer typed in any digit system with any thousands separators; null if not one. */
export function parseLocaleBigInt(text: string): bigint | null {
	const cleaned = cleanNumericInput(text);
	// Grouping must be regular (1,250,000) so that a mistyped "12,50" is rejected, not read as 1250.
	if (!INTEGER_PATTERN.test(cleaned)) return null;
	return BigInt(cleaned.replace(GROUP_SEPARATORS_GLOBAL, ''));
}

/** Parses a safe integer typed in any digit system; null for garbage, decimals or overflow. */
export function parseLocaleInt(text: string): number | null {
	const value = parseLocaleBigInt(text);
	if (value === null) return null;
	const n = Number(value);
	return Number.isSafeInteger(n) ? n + 0 : null; // + 0 turns -0 into 0
}

/** Parses a decimal with '.' or Persian '٫' as the decimal point; null for garbage. */
export function parseLocaleDecimal(text: string): number | null {
	const cleaned = cleanNumericInput(text);
	if (!DECIMAL_PATTERN.test(cleaned)) return null;
	const n = Number(cleaned.replace(GROUP_SEPARATORS_GLOBAL, '').replace('\u066B', '.'));
	return Number.isFinite(n) ? n + 0 : null;
}
