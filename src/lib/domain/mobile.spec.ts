import { describe, it, expect } from 'vitest';
import { formatMobileForDisplay, isValidMobile, normalizeMobile } from './mobile';

describe('normalizeMobile', () => {
	const canonical = '+989123456789';

	it.each([
		'09123456789',
		'9123456789',
		'+989123456789',
		'00989123456789',
		'989123456789',
		'۰۹۱۲۳۴۵۶۷۸۹',
		'٠٩١٢٣٤٥٦٧٨٩',
		'0912 345 6789',
		'0912-345-6789',
		'(0912) 345-6789',
		'+98 912 345 6789',
		'+98 (0) 912 345 6789',
		'  ۰۹۱۲ ۳۴۵ ۶۷۸۹  ',
		'\u200E+98 912 345 6789\u200F'
	])('reduces %j to the canonical +98 form', (input) => {
		expect(normalizeMobile(input)).toEqual({ ok: true, value: canonical });
	});

	it.each([
		'',
		'0912345678', // one digit short
		'091234567890', // one digit long
		'02188776655', // Tehran landline
		'+9809123456789x',
		'08123456789', // not a mobile prefix
		'+1 912 345 6789',
		'0912345678a',
		'0912+3456789',
		'abc'
	])('rejects %j', (input) => {
		expect(normalizeMobile(input)).toEqual({ ok: false, error: 'invalid_mobile' });
	});

	it('agrees with isValidMobile', () => {
		expect(isValidMobile('۰۹۳۵ ۱۱۱ ۲۲۳۳')).toBe(true);
		expect(isValidMobile('021 8877 6655')).toBe(false);
	});
});

describe('formatMobileForDisplay', () => {
	it('shows the national form grouped 4-3-4', () => {
		expect(formatMobileForDisplay('+989123456789')).toBe('0912 345 6789');
		expect(formatMobileForDisplay('989351112233')).toBe('0935 111 2233');
	});

	it('can show Persian digits', () => {
		expect(formatMobileForDisplay('+989123456789', { digits: 'fa' })).toBe('۰۹۱۲ ۳۴۵ ۶۷۸۹');
	});

	it('returns unrecognised input unchanged so nothing typed is lost', () => {
		expect(formatMobileForDisplay(' 021 8877 ')).toBe('021 8877');
	});
});
