import { describe, expect, it } from 'vitest';
import {
	DROP_CHARS,
	FOLD_TRANSLATE_FROM,
	FOLD_TRANSLATE_TO,
	foldText,
	foldWithTable,
	identifierKey,
	isIdentifierToken,
	nationalMobile,
	normalizeQuery,
	partialKeys,
	serialTail,
	tokenize,
	wordPrefixes
} from './search-normalize';
import { normalizePersian } from './text';

describe('foldText', () => {
	const same: [string, string, string][] = [
		['Arabic yeh and kaf', 'علي كريمي', 'علی کریمی'],
		['alef maksura', 'مصطفى', 'مصطفی'],
		['Persian digits', 'کد ۱۲۳۴', 'کد 1234'],
		['Arabic-Indic digits', 'کد ١٢٣٤', 'کد 1234'],
		['ZWNJ as a space', 'می‌زند', 'می زند'],
		['zero-width space', 'یخ\u200Bچال', 'یخ چال'],
		['tatweel', 'يخـــچال', 'یخچال'],
		['harakat', 'مُحَمَّد', 'محمد'],
		['tanwin', 'فوراً', 'فورا'],
		['hamza on alef', 'تأیید', 'تایید'],
		['heh with yeh above', 'خانهٔ', 'خانه'],
		['teh marbuta', 'ة', 'ه'],
		['bidi marks around numbers', 'سریال \u200E123\u200F', 'سریال 123'],
		['Latin case', 'Samsung GALAXY', 'samsung galaxy'],
		['mixed scripts', 'LG يخچال ٢ درب', 'lg یخچال 2 درب'],
		['punctuation', 'رضا، محمدی (مشتری)', 'رضا محمدی مشتری'],
		['presentation forms from a PDF', 'ﻙﻻ', 'کلا'],
		['spaces collapse', '  علی    رضا  ', 'علی رضا']
	];
	it.each(same)('%s', (_name, typed, expected) => {
		expect(foldText(typed)).toBe(expected);
	});

	it('keeps آ, a distinct Persian letter', () => {
		expect(foldText('آب')).toBe('آب');
	});
});

describe('the SQL fold table', () => {
	it('maps every character one to one or deletes it, like translate()', () => {
		expect(FOLD_TRANSLATE_TO.length).toBeLessThan(FOLD_TRANSLATE_FROM.length);
		expect(new Set(FOLD_TRANSLATE_FROM).size).toBe(FOLD_TRANSLATE_FROM.length);
		expect(FOLD_TRANSLATE_FROM.endsWith(DROP_CHARS)).toBe(true);
	});

	it('agrees with foldText on real-world text', () => {
		const samples = [
			'علي كريمي',
			'يخـــچال ساید بای ساید ٢ درب',
			'می‌زند، برفک (زیاد)',
			'مُحَمَّد رضا',
			'تأیید شد؛ فوراً',
			'Samsung RT-۴۲۰',
			'\u202Bسلام\u202C',
			'ﻙﻻ'
		];
		for (const s of samples) expect(foldWithTable(s)).toBe(foldText(s));
	});

	it('agrees with normalizePersian on every character it folds or drops', () => {
		for (const ch of FOLD_TRANSLATE_FROM) {
			const text = `ا${ch}ب`;
			expect(foldWithTable(text)).toBe(foldText(normalizePersian(text)));
		}
	});
});

describe('identifiers', () => {
	it('reads serials the same whatever the digits and separators', () => {
		expect(identifierKey('sn-۴۴۱۲ ab')).toBe('SN4412AB');
		expect(identifierKey('THR-01-١٤٠٥-000123')).toBe('THR011405000123');
	});

	it('takes the last six characters of a serial', () => {
		expect(serialTail('RF-2024-0099-887766')).toBe('887766');
		expect(serialTail('12345')).toBe('12345');
	});

	it('lists prefixes and suffixes of four characters or more', () => {
		expect(partialKeys('ABC123')).toEqual(['ABC1', 'C123', 'ABC12', 'BC123']);
		expect(partialKeys('ABCD')).toEqual([]);
	});

	it('tells identifiers from words', () => {
		expect(isIdentifierToken('SN-4412')).toBe(true);
		expect(isIdentifierToken('۱۲۳۴۵۶')).toBe(true);
		expect(isIdentifierToken('رضا')).toBe(false);
		expect(isIdentifierToken('Compressor')).toBe(false);
		expect(isIdentifierToken('رضا۱۲')).toBe(false);
	});
});

describe('normalizeQuery', () => {
	it('recognises a mobile in any form', () => {
		for (const typed of [
			'09121234567',
			'۰۹۱۲ ۱۲۳ ۴۵۶۷',
			'+98 912 123 4567',
			'00989121234567',
			'٩١٢١٢٣٤٥٦٧'
		]) {
			expect(normalizeQuery(typed).mobile).toBe('+989121234567');
		}
	});

	it('splits identifiers from words and folds the words', () => {
		const q = normalizeQuery('علي  SN-۴۴۱۲ كريمي');
		expect(q.keys).toEqual(['SN4412']);
		expect(q.words).toEqual(['علی', 'کریمی']);
		expect(q.mobile).toBeNull();
	});

	it('treats a half-space like a space', () => {
		expect(normalizeQuery('می‌زند').words).toEqual(['می', 'زند']);
		expect(tokenize('می‌زند')).toEqual(['می', 'زند']);
	});

	it('reads a serial typed with spaces as one identifier too', () => {
		expect(normalizeQuery('SN 4412 AB').wholeKey).toBe('SN4412AB');
		expect(normalizeQuery('SN4412AB').wholeKey).toBeNull();
	});

	it('is empty for blank input', () => {
		expect(normalizeQuery('  ')).toEqual({ mobile: null, wholeKey: null, keys: [], words: [] });
	});
});

describe('helpers', () => {
	it('writes stored mobiles the national way', () => {
		expect(nationalMobile('+989121234567')).toBe('09121234567');
	});

	it('lists word prefixes of a folded name', () => {
		expect(wordPrefixes('علي رضا')).toEqual(['عل', 'علی', 'رض', 'رضا']);
	});
});
