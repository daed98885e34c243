import { describe, it, expect } from 'vitest';
import {
	amountInPersianWords,
	computeVat,
	formatRials,
	parseRials,
	rialsToToman,
	tomanToRials
} from './money';

describe('rialsToToman / tomanToRials', () => {
	it('divides by ten, rounding a half up and away from zero', () => {
		expect(rialsToToman(12_500_000n)).toBe(1_250_000n);
		expect(rialsToToman(14n)).toBe(1n);
		expect(rialsToToman(15n)).toBe(2n);
		expect(rialsToToman(-15n)).toBe(-2n);
		expect(tomanToRials(1_250_000n)).toBe(12_500_000n);
	});
});

describe('formatRials', () => {
	it('formats Rials with Persian digits and separators for fa', () => {
		expect(formatRials(12_500_000n, 'fa')).toBe('۱۲٬۵۰۰٬۰۰۰ ریال');
		expect(formatRials(0n, 'fa')).toBe('۰ ریال');
	});

	it('formats for en, and in Toman on request', () => {
		expect(formatRials(12_500_000n, 'en')).toBe('12,500,000 IRR');
		expect(formatRials(12_500_000n, 'fa', { unit: 'toman' })).toBe('۱٬۲۵۰٬۰۰۰ تومان');
		expect(formatRials(12_500_000n, 'en', { unit: 'toman' })).toBe('1,250,000 Toman');
	});

	it('keeps amounts above 2^53 exact', () => {
		expect(formatRials(9_007_199_254_740_993n, 'en')).toBe('9,007,199,254,740,993 IRR');
	});
});

describe('parseRials', () => {
	it('reads amounts typed in any digits and gives back what formatRials shows', () => {
		expect(parseRials('۱۲٬۵۰۰٬۰۰۰')).toBe(12_500_000n);
		expect(parseRials('12,500,000')).toBe(12_500_000n);
		expect(parseRials('12.5')).toBeNull();
		expect(parseRials('ده هزار')).toBeNull();
	});
});

describe('computeVat', () => {
	it('applies the rate in basis points', () => {
		expect(computeVat(12_500_000n, 1000)).toBe(1_250_000n); // 10 %
		expect(computeVat(12_500_000n, 900n)).toBe(1_125_000n); // 9 %
		expect(computeVat(12_500_000n, 0)).toBe(0n);
	});

	it('rounds half up to the whole Rial', () => {
		expect(computeVat(5n, 1000)).toBe(1n); // 0.5 → 1
		expect(computeVat(4n, 1000)).toBe(0n); // 0.4 → 0
		expect(computeVat(15n, 1000)).toBe(2n); // 1.5 → 2
		expect(computeVat(1_234_567n, 1000)).toBe(123_457n); // 123456.7 → 123457
		expect(computeVat(1_234_564n, 1000)).toBe(123_456n); // 123456.4 → 123456
	});

	it('mirrors the invoice on a credit note', () => {
		expect(computeVat(-15n, 1000)).toBe(-2n);
		expect(computeVat(-1_234_567n, 1000)).toBe(-123_457n);
	});

	it('refuses fractional or negative rates', () => {
		expect(() => computeVat(100n, 9.5)).toThrow(RangeError);
		expect(() => computeVat(100n, -1000)).toThrow(RangeError);
	});
});

describe('amountInPersianWords', () => {
	it.each([
		[0n, 'صفر'],
		[7n, 'هفت'],
		[10n, 'ده'],
		[12n, 'دوازده'],
		[18n, 'هجده'],
		[20n, 'بیست'],
		[45n, 'چهل و پنج'],
		[100n, 'یکصد'],
		[101n, 'یکصد و یک'],
		[115n, 'یکصد و پانزده'],
		[999n, 'نهصد و نود و نه'],
		[1000n, 'یک هزار'],
		[1001n, 'یک هزار و یک'],
		[20_500n, 'بیست هزار و پانصد'],
		[1_250_000n, 'یک میلیون و دویست و پنجاه هزار'],
		[1_001_000n, 'یک میلیون و یک هزار'],
		[12_500_000n, 'دوازده میلیون و پانصد هزار'],
		[1_000_000_000n, 'یک میلیارد'],
		[2_000_000_005n, 'دو میلیارد و پنج'],
		[
			1_234_567_890n,
			'یک میلیارد و دویست و سی و چهار میلیون و پانصد و شصت و هفت هزار و هشتصد و نود'
		],
		[
			999_999_999_999n,
			'نهصد و نود و نه میلیارد و نهصد و نود و نه میلیون و نهصد و نود و نه هزار و نهصد و نود و نه'
		],
		[3_000_000_000_000n, 'سه تریلیون'],
		[-1_250_000n, 'منفی یک میلیون و دویست و پنجاه هزار']
	])('%s → %s', (amount, words) => {
		expect(amountInPersianWords(amount)).toBe(words);
	});

	it('refuses amounts it has no scale word for', () => {
		expect(() => amountInPersianWords(10n ** 18n)).toThrow(RangeError);
		expect(amountInPersianWords(10n ** 18n - 1n)).toMatch(/^نهصد و نود و نه کوادریلیون/);
	});
});
