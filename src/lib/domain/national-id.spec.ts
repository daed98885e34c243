import { describe, it, expect } from 'vitest';
import { isValidNationalId, nationalIdCheckDigit, normalizeNationalId } from './national-id';

// Check digits below were worked out by hand: sum(d_i * (10 - i)) mod 11 → r < 2 ? r : 11 - r.
describe('nationalIdCheckDigit', () => {
	it('covers the remainder < 2 and remainder ≥ 2 branches', () => {
		expect(nationalIdCheckDigit('000123456')).toBe(0); // sum 77, r = 0
		expect(nationalIdCheckDigit('123456789')).toBe(1); // sum 210, r = 1
		expect(nationalIdCheckDigit('001234567')).toBe(9); // sum 112, r = 2 → 9
		expect(nationalIdCheckDigit('049937089')).toBe(9); // sum 266, r = 2 → 9
	});
});

describe('normalizeNationalId', () => {
	it.each([
		['0499370899', '0499370899'],
		['1234567891', '1234567891'],
		['۰۰۱۲۳۴۵۶۷۹', '0012345679'],
		['٠٠٨٧٦٥٤٣٢٦', '0087654326'],
		['001-234567-9', '0012345679'],
		[' 0001234560 ', '0001234560']
	])('accepts %j as %s', (input, expected) => {
		expect(normalizeNationalId(input)).toEqual({ ok: true, value: expected });
	});

	it('restores leading zeros lost by spreadsheets (8 and 9 digit input)', () => {
		expect(normalizeNationalId('12345679')).toEqual({ ok: true, value: '0012345679' });
		expect(normalizeNationalId('87654326')).toEqual({ ok: true, value: '0087654326' });
		expect(normalizeNationalId('499370899')).toEqual({ ok: true, value: '0499370899' });
	});

	it('rejects a wrong check digit', () => {
		expect(normalizeNationalId('0499370898')).toEqual({ ok: false, error: 'invalid_national_id' });
		expect(normalizeNationalId('1234567890')).toEqual({ ok: false, error: 'invalid_national_id' });
	});

	it('rejects ids made of one repeated digit even though their checksum passes', () => {
		for (let d = 0; d <= 9; d++) {
			const id = String(d).repeat(10);
			expect(nationalIdCheckDigit(id)).toBe(d); // the checksum alone would let them through
			expect(isValidNationalId(id), id).toBe(false);
		}
	});

	it.each(['', '1234567', '12345678901', '04993708a9', '0499.370899'])(
		'rejects malformed %j',
		(input) => {
			expect(isValidNationalId(input)).toBe(false);
		}
	);
});
