import { describe, expect, it } from 'vitest';
import { formatJalaliDate } from './jalali';
import { isoDayToJalali, jalaliToIsoDay, parseDayInput, parseDayParts } from './day-input';

describe('parseDayParts', () => {
	it('reads Jalali dates in any digits and ISO Gregorian dates', () => {
		expect(parseDayParts('۱۴۰۵/۰۱/۰۱')).toEqual({ jy: 1405, jm: 1, jd: 1 });
		expect(parseDayParts('١٤٠٥-١-١٣')).toEqual({ jy: 1405, jm: 1, jd: 13 });
		expect(parseDayParts('2026-03-21')).toEqual({ jy: 1405, jm: 1, jd: 1 });
	});

	it('rejects days that do not exist', () => {
		expect(parseDayParts('1405/12/31')).toBeNull();
		expect(parseDayParts('2026-02-30')).toBeNull();
		expect(parseDayParts('yesterday')).toBeNull();
	});
});

describe('parseDayInput', () => {
	it('gives midnight in Tehran for a day', () => {
		expect(parseDayInput('1405/01/01')?.toISOString()).toBe('2026-03-20T20:30:00.000Z');
		expect(parseDayInput('2026-03-21')?.toISOString()).toBe('2026-03-20T20:30:00.000Z');
	});

	it('keeps a full timestamp as sent', () => {
		expect(parseDayInput('2026-03-21T08:00:00Z')?.toISOString()).toBe('2026-03-21T08:00:00.000Z');
	});

	it('lands on the typed Jalali day when shown again', () => {
		const date = parseDayInput('۱۴۰۴/۱۲/۲۹');
		expect(date && formatJalaliDate(date)).toBe('1404/12/29');
	});
});

describe('SQL date conversion', () => {
	it('converts between Jalali days and ISO Gregorian days', () => {
		expect(jalaliToIsoDay({ jy: 1405, jm: 1, jd: 1 })).toBe('2026-03-21');
		expect(isoDayToJalali('2026-03-21')).toBe('1405/01/01');
		expect(isoDayToJalali(jalaliToIsoDay({ jy: 1403, jm: 12, jd: 30 }))).toBe('1403/12/30');
	});
});
