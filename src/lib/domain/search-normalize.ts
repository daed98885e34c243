/**
 * Search normalisation: the one definition of "the same text" for search, used when documents
 * are written (by SQL generated from the tables below), when queries are read, by both search
 * engines and by the bots. It adds to text.ts only what search needs: punctuation as word
 * breaks, query analysis (mobile, identifiers, words) and the partial keys of serials.
 */
import { normalizeMobile } from './mobile';
import { normalizeDigits, normalizePersian, normalizeSerial } from './text';

/** Persian and Arabic-Indic digits, in the order of their Latin equivalents twice over. */
export const FOLD_DIGITS_FROM = '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩';
export const FOLD_DIGITS_TO = '01234567890123456789';

/** Letters that are spelled two ways (Arabic vs Persian keyboards), folded as text.ts folds them. */
export const FOLD_LETTERS_FROM =
	'\u064A\u0649\u0643\u06AA\u0629\u06C0\u06C1\u06D5\u0623\u0625\u0671';
export const FOLD_LETTERS_TO = '\u06CC\u06CC\u06A9\u06A9\u0647\u0647\u0647\u0647\u0627\u0627\u0627';

/** Characters that separate words without being written as a space: ZWNJ (the half-space) and kin. */
export const SPACE_CHARS = '\u200B\u200C\u200D\u2060\uFEFF';

/** Punctuation that only separates words in names, complaints and descriptions. */
export const PUNCTUATION_CHARS = '،؛؟«»,;:!?"()[]{}<>*|';

function range(from: number, to: number): string {
	let out = '';
	for (let code = from; code <= to; code++) out += String.fromCharCode(code);
	return out;
}

/** Invisible marks dropped outright: bidi controls, harakat and Quranic marks, tatweel. */
export const DROP_CHARS =
	'\u200E\u200F\u061C' +
	range(0x202a, 0x202e) +
	range(0x2066, 0x2069) +
	range(0x0610, 0x061a) +
	range(0x064b, 0x065f) +
	'\u0670' +
	range(0x06d6, 0x06dc) +
	range(0x06df, 0x06e8) +
	range(0x06ea, 0x06ed) +
	'\u0640';

/**
 * The fold as one character mapping (`from[i]` → `to[i]`, characters past `to`'s end are
 * deleted): exactly the shape of SQL's translate(), so the database folds stored text the way
 * this module folds queries.
 */
export const FOLD_TRANSLATE_FROM =
	FOLD_DIGITS_FROM + FOLD_LETTERS_FROM + SPACE_CHARS + PUNCTUATION_CHARS + DROP_CHARS;
export const FOLD_TRANSLATE_TO =
	FOLD_DIGITS_TO + FOLD_LETTERS_TO + ' '.repeat(SPACE_CHARS.length + PUNCTUATION_CHARS.length);

const PUNCTUATION = new RegExp(`[${PUNCTUATION_CHARS.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

/** Folds names, complaints and descriptions: ی/ي, ک/ك, any digits, half-spaces, diacritics, punctuation. */
export function foldText(input: string): string {
	return normalizePersian(input).replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
}

/** The fold applied the way SQL's translate() applies the shared table (for checking the two agree). */
export function foldWithTable(input: string): string {
	let out = '';
	for (const ch of input.normalize('NFKC').toLowerCase()) {
		const index = FOLD_TRANSLATE_FROM.indexOf(ch);
		if (index < 0) out += ch;
		else if (index < FOLD_TRANSLATE_TO.length) out += FOLD_TRANSLATE_TO[index];
	}
	return out.replace(/\s+/g, ' ').trim();
}

/** Canonical key of a serial, form number, list number or code: Latin digits, no separators, upper case. */
export function identifierKey(input: string): string {
	return normalizeSerial(input);
}

/** Shortest part of a serial that finds it by its start or end; shorter pieces match too much. */
export const MIN_PARTIAL_LENGTH = 4;

/** The last `length` characters of a serial's key (people read the end off a sticker). */
export function serialTail(input: string, length = 6): string {
	const key = identifierKey(input);
	return key.length <= length ? key : key.slice(-length);
}

/** Every prefix and suffix of a key at least MIN_PARTIAL_LENGTH long, shorter than the key. */
export function partialKeys(key: string): string[] {
	const out = new Set<string>();
	for (let n = MIN_PARTIAL_LENGTH; n < key.length; n++) {
		out.add(key.slice(0, n));
		out.add(key.slice(-n));
	}
	return [...out];
}

/** Whether a token is an identifier (has a digit and only letters/digits/separators), not a word. */
export function isIdentifierToken(token: string): boolean {
	const key = identifierKey(token);
	return /\d/.test(key) && /^[A-Z0-9]+$/.test(key);
}

// An alternation, not a class: a class holding ZWJ reads as a joined emoji sequence to linters.
const SPACES = new RegExp([...SPACE_CHARS].join('|'), 'g');

/** Splits free text on spaces and half-spaces, keeping `SN-12/4` whole. */
export function tokenize(input: string): string[] {
	return normalizeDigits(input.normalize('NFKC')).replace(SPACES, ' ').split(/\s+/).filter(Boolean);
}

/** What a free-text query asks for, as every engine reads it. */
export interface AnalysedQuery {
	/** `+989…` when the whole query is an Iranian mobile in any form. */
	mobile: string | null;
	/** The whole query as one identifier when it is one once spaces are dropped (`SN 4412 AB`). */
	wholeKey: string | null;
	/** Identifier tokens (keys): matched exactly or by start/end, never fuzzily. */
	keys: string[];
	/** Word tokens, folded: matched as parts of words, with typo tolerance where the engine has it. */
	words: string[];
}

/** Reads a free-text query into a mobile, identifier keys and folded words. */
export function normalizeQuery(input: string | null | undefined): AnalysedQuery {
	const raw = (input ?? '').trim();
	const empty: AnalysedQuery = { mobile: null, wholeKey: null, keys: [], words: [] };
	if (!raw) return empty;
	const mobile = normalizeMobile(raw);
	if (mobile.ok) return { ...empty, mobile: mobile.value };
	const keys: string[] = [];
	const words: string[] = [];
	for (const token of tokenize(raw)) {
		if (isIdentifierToken(token)) keys.push(identifierKey(token));
		else words.push(...foldText(token).split(' ').filter(Boolean));
	}
	const tokens = tokenize(raw);
	const joined =
		tokens.length > 1 && isIdentifierToken(tokens.join('')) ? identifierKey(tokens.join('')) : null;
	return { mobile: null, wholeKey: joined, keys: [...new Set(keys)], words: [...new Set(words)] };
}

/** The national form `09121234567` of a stored `+989…` mobile, as people type it. */
export function nationalMobile(e164: string): string {
	return e164.startsWith('+98') ? `0${e164.slice(3)}` : e164;
}

/** Folded words of a name and every prefix of each word (2+ letters), for engines that match whole terms. */
export function wordPrefixes(input: string): string[] {
	const out = new Set<string>();
	for (const word of foldText(input).split(' ')) {
		const letters = [...word];
		for (let n = Math.min(2, letters.length); n <= letters.length; n++)
			out.add(letters.slice(0, n).join(''));
	}
	out.delete('');
	return [...out];
}
