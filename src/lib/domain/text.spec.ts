import { describe, it, expect } from 'vitest';
import {
	formatNumber,
	normalizeDigits,
	normalizePersian,
	normalizeSerial,
	parseLocaleBigInt,
	parseLocaleDecimal,
	parseLocaleInt,
	removeInvisibleChars,
	toPersianDigits
} from './text';

describe('normalizeDigits', () => {
	it('turns Persian and Arabic-Indic digits into Latin ones', () => {
		expect(normalizeDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
		expect(normalizeDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
	});

	it('leaves letters, Latin digits and punctuation alone', () => {
		expect(normalizeDigits('کد ۱۲a-3٤')).toBe('کد 12a-34');
		expect(normalizeDigits('')).toBe('');
	});
});

describe('normalizePersian', () => {
	it('makes Arabic-keyboard spellings match Persian ones', () => {
		expect(normalizePersian('علي كاظمي')).toBe('علی کاظمی');
		expect(normalizePersian('موسى')).toBe('موسی');
		expect(normalizePersian('مدرسة')).toBe('مدرسه');
		expect(normalizePersian('خانۀ')).toBe('خانه');
	});

	it('folds hamza-carrying alefs but keeps آ', () => {
		expect(normalizePersian('تأیید')).toBe(normalizePersian('تایید'));
		expect(normalizePersian('إیران')).toBe('ایران');
		expect(normalizePersian('آب')).toBe('آب');
		// a decomposed alef + madda is the same letter as the precomposed آ
		expect(normalizePersian('\u0627\u0653ب')).toBe('آب');
	});

	it('strips tashkeel and tatweel', () => {
		expect(normalizePersian('مُحَمَّد')).toBe('محمد');
		expect(normalizePersian('کتابً')).toBe('کتاب');
		expect(normalizePersian('تعمیــــرات')).toBe('تعمیرات');
	});

	it('turns ZWNJ and other zero-width characters into spaces and collapses whitespace', () => {
		expect(normalizePersian('می\u200Cروم')).toBe('می روم');
		expect(normalizePersian('  سامسونگ \u200B\u200B  گلکسی\t\n')).toBe('سامسونگ گلکسی');
		expect(normalizePersian('a\uFEFFb')).toBe('a b');
	});

	it('drops bidi marks without splitting words', () => {
		expect(normalizePersian('\u200Fسرویس\u200E')).toBe('سرویس');
	});

	it('lowercases Latin and normalises digits so mixed queries match', () => {
		expect(normalizePersian('LG یخچال ۲۰۲۴')).toBe('lg یخچال 2024');
	});

	it('folds Arabic presentation forms pasted from PDFs', () => {
		expect(normalizePersian('\uFEDB\uFEAE\uFE8E\uFEE9')).toBe('کراه');
	});

	it('is idempotent', () => {
		const once = normalizePersian(' يك  كتاب\u200Cها ');
		expect(normalizePersian(once)).toBe(once);
		expect(once).toBe('یک کتاب ها');
	});
});

describe('normalizeSerial', () => {
	it('removes separators and uppercases so a serial typed any way finds the unit', () => {
		expect(normalizeSerial('sn-۱۲۳ ۴۵_ab.c/d')).toBe('SN12345ABCD');
		expect(normalizeSerial('SN12345ABCD')).toBe('SN12345ABCD');
		expect(normalizeSerial('٠١-٢\\3')).toBe('0123');
	});

	it('removes invisible characters copied from SMS', () => {
		expect(normalizeSerial('\u200EAB\u200C12\u200F')).toBe('AB12');
	});

	it('folds full-width Latin to ASCII', () => {
		expect(normalizeSerial('ＡＢ１２')).toBe('AB12');
	});
});

describe('removeInvisibleChars', () => {
	it('removes ZWNJ and bidi marks entirely', () => {
		expect(removeInvisibleChars('\u200F۰۹۱۲\u200C۳\u200E')).toBe('۰۹۱۲۳');
	});
});

describe('toPersianDigits', () => {
	it('renders numbers and strings with Persian digits', () => {
		expect(toPersianDigits(1403)).toBe('۱۴۰۳');
		expect(toPersianDigits('1403/01/15')).toBe('۱۴۰۳/۰۱/۱۵');
		expect(toPersianDigits('٤٥')).toBe('۴۵');
		expect(toPersianDigits(-7)).toBe('-۷');
	});
});

describe('formatNumber', () => {
	it('uses Persian digits and the Persian thousands separator for fa', () => {
		expect(formatNumber(12500000, 'fa')).toBe('۱۲٬۵۰۰٬۰۰۰');
		expect(formatNumber(12500000n, 'fa')).toBe('۱۲٬۵۰۰٬۰۰۰');
		expect(formatNumber(999, 'fa')).toBe('۹۹۹');
	});

	it('uses Latin digits and commas for en', () => {
		expect(formatNumber(12500000, 'en')).toBe('12,500,000');
		expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
	});

	it('uses the Persian decimal point for fa fractions', () => {
		expect(formatNumber(1234.5, 'fa')).toBe('۱٬۲۳۴٫۵');
	});

	it('round-trips through the locale parsers', () => {
		for (const n of [0, 7, 1000, 12500000, -4200]) {
			expect(parseLocaleInt(formatNumber(n, 'fa'))).toBe(n);
			expect(parseLocaleInt(formatNumber(n, 'en'))).toBe(n);
		}
		expect(parseLocaleDecimal(formatNumber(-1234.75, 'fa'))).toBe(-1234.75);
	});
});

describe('parseLocaleInt', () => {
	it('accepts any digit system and any common thousands separator', () => {
		expect(parseLocaleInt('۱۲٬۵۰۰٬۰۰۰')).toBe(12500000);
		expect(parseLocaleInt('١٢،٥٠٠،٠٠٠')).toBe(12500000);
		expect(parseLocaleInt('12,500,000')).toBe(12500000);
		expect(parseLocaleInt(' 42 ')).toBe(42);
		expect(parseLocaleInt('-۵')).toBe(-5);
		expect(parseLocaleInt('+5')).toBe(5);
	});

	it('returns null for garbage, decimals and irregular grouping', () => {
		for (const bad of [
			'',
			' ',
			'abc',
			'12a',
			'1.5',
			'۱٫۵',
			'12,50',
			'1,2,3',
			'--1',
			'1-',
			'۱۲ تومان'
		]) {
			expect(parseLocaleInt(bad), bad).toBeNull();
		}
	});

	it('returns null beyond the safe integer range instead of silently rounding', () => {
		expect(parseLocaleInt('9007199254740993')).toBeNull();
		expect(parseLocaleInt('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
	});

	it('never returns negative zero', () => {
		expect(Object.is(parseLocaleInt('-0'), 0)).toBe(true);
	});
});

describe('parseLocaleBigInt', () => {
	it('parses amounts too large for a JS number exactly', () => {
		expect(parseLocaleBigInt('۹٬۰۰۷٬۱۹۹٬۲۵۴٬۷۴۰٬۹۹۳')).toBe(9007199254740993n);
		expect(parseLocaleBigInt('1.5')).toBeNull();
	});
});

describe('parseLocaleDecimal', () => {
	it('accepts the Persian decimal point and the Latin one', () => {
		expect(parseLocaleDecimal('۲٫۵')).toBe(2.5);
		expect(parseLocaleDecimal('2.5')).toBe(2.5);
		expect(parseLocaleDecimal('۱٬۲۳۴٫۵۶')).toBe(1234.56);
		expect(parseLocaleDecimal('٫۵')).toBe(0.5);
		expect(parseLocaleDecimal('−۳')).toBe(-3);
		expect(parseLocaleDecimal('17')).toBe(17);
	});

	it('returns null on garbage', () => {
		for (const bad of [
			'',
			'.',
			'1.2.3',
			'12.500.000',
			'1e5',
			'NaN',
			'Infinity',
			'۲/۵',
			'5.',
			'x1'
		]) {
			expect(parseLocaleDecimal(bad), bad).toBeNull();
		}
	});
});
