import { describe, it, expect } from 'vitest';
import {
	addDaysToJalaliDate,
	addJalaliMonths,
	addMonthsToJalaliDate,
	formatDate,
	formatDateTime,
	formatJalaliDate,
	fromJalali,
	isJalaliLeapYear,
	isValidJalaliDate,
	jalaliDaysBetween,
	jalaliMonthLength,
	jalaliYearOf,
	parseJalaliDate,
	parseJalaliParts,
	startOfTehranDay,
	toJalali
} from './jalali';

describe('toJalali / fromJalali', () => {
	it('puts Nowruz 1403 on 20 March 2024, midnight Tehran = 20:30 UTC the day before', () => {
		expect(fromJalali(1403, 1, 1).toISOString()).toBe('2024-03-19T20:30:00.000Z');
		expect(toJalali(new Date('2024-03-20T12:00:00Z'))).toEqual({ jy: 1403, jm: 1, jd: 1 });
	});

	it('switches day at Tehran midnight, not UTC midnight', () => {
		expect(toJalali(new Date('2024-03-19T20:29:59Z'))).toEqual({ jy: 1402, jm: 12, jd: 29 });
		expect(toJalali(new Date('2024-03-19T20:30:00Z'))).toEqual({ jy: 1403, jm: 1, jd: 1 });
	});

	it('reads pre-1402 summer instants with the DST offset they were recorded under', () => {
		// 00:00 on 1400/05/10 in Tehran was 19:30 UTC (then +04:30); a fixed +03:30 would say 05/09.
		expect(toJalali(new Date('2021-07-31T19:30:00Z'))).toEqual({ jy: 1400, jm: 5, jd: 10 });
		// and a midnight we produce for such a day still reads back as that day
		expect(formatJalaliDate(fromJalali(1400, 5, 10))).toBe('1400/05/10');
	});

	it('refuses days that do not exist', () => {
		expect(() => fromJalali(1404, 12, 30)).toThrow(RangeError);
		expect(() => fromJalali(1403, 7, 31)).toThrow(RangeError);
		expect(() => fromJalali(1403, 13, 1)).toThrow(RangeError);
		expect(isValidJalaliDate(1403, 12, 30)).toBe(true);
		expect(isValidJalaliDate(1403.5, 1, 1)).toBe(false);
	});
});

describe('jalaliYearOf', () => {
	it('changes year at Nowruz in Tehran', () => {
		expect(jalaliYearOf(new Date('2024-03-19T20:29:59Z'))).toBe(1402);
		expect(jalaliYearOf(new Date('2024-03-19T20:30:00Z'))).toBe(1403);
	});

	it('respects another time zone when asked', () => {
		// 21:00 UTC on 19 March is already 1403 in Tehran but still 1402 in UTC
		const instant = new Date('2024-03-19T21:00:00Z');
		expect(jalaliYearOf(instant)).toBe(1403);
		expect(jalaliYearOf(instant, 'UTC')).toBe(1402);
	});
});

describe('leap years and month lengths', () => {
	it('knows which recent years are leap (Esfand 30 exists)', () => {
		expect(isJalaliLeapYear(1399)).toBe(true);
		expect(isJalaliLeapYear(1402)).toBe(false);
		expect(isJalaliLeapYear(1403)).toBe(true);
		expect(isJalaliLeapYear(1404)).toBe(false);
		expect(isJalaliLeapYear(1408)).toBe(true);
	});

	it('gives 31 days to the first six months, 30 to the next five, 29/30 to Esfand', () => {
		expect(jalaliMonthLength(1403, 1)).toBe(31);
		expect(jalaliMonthLength(1403, 6)).toBe(31);
		expect(jalaliMonthLength(1403, 7)).toBe(30);
		expect(jalaliMonthLength(1403, 11)).toBe(30);
		expect(jalaliMonthLength(1403, 12)).toBe(30);
		expect(jalaliMonthLength(1404, 12)).toBe(29);
	});
});

describe('month and day arithmetic', () => {
	it.each([
		[{ jy: 1403, jm: 6, jd: 31 }, 1, { jy: 1403, jm: 7, jd: 30 }], // 31 Shahrivar → 30 Mehr
		[{ jy: 1403, jm: 11, jd: 30 }, 1, { jy: 1403, jm: 12, jd: 30 }], // leap Esfand has 30
		[{ jy: 1404, jm: 11, jd: 30 }, 1, { jy: 1404, jm: 12, jd: 29 }], // common Esfand has 29
		[{ jy: 1403, jm: 12, jd: 30 }, 12, { jy: 1404, jm: 12, jd: 29 }],
		[{ jy: 1402, jm: 12, jd: 29 }, 12, { jy: 1403, jm: 12, jd: 29 }],
		[{ jy: 1403, jm: 10, jd: 15 }, 5, { jy: 1404, jm: 3, jd: 15 }],
		[{ jy: 1403, jm: 1, jd: 31 }, -1, { jy: 1402, jm: 12, jd: 29 }],
		[{ jy: 1403, jm: 5, jd: 10 }, -24, { jy: 1401, jm: 5, jd: 10 }],
		[{ jy: 1403, jm: 5, jd: 10 }, 0, { jy: 1403, jm: 5, jd: 10 }]
	])('%o + %i months = %o', (day, months, expected) => {
		expect(addMonthsToJalaliDate(day, months)).toEqual(expected);
	});

	it('adds days across a year end', () => {
		expect(addDaysToJalaliDate({ jy: 1403, jm: 12, jd: 29 }, 2)).toEqual({
			jy: 1404,
			jm: 1,
			jd: 1
		});
		expect(addDaysToJalaliDate({ jy: 1404, jm: 12, jd: 29 }, 1)).toEqual({
			jy: 1405,
			jm: 1,
			jd: 1
		});
		expect(jalaliDaysBetween({ jy: 1403, jm: 1, jd: 1 }, { jy: 1404, jm: 1, jd: 1 })).toBe(366);
		expect(jalaliDaysBetween({ jy: 1404, jm: 1, jd: 1 }, { jy: 1405, jm: 1, jd: 1 })).toBe(365);
	});

	it('addJalaliMonths keeps the Tehran time of day and clamps month ends', () => {
		const start = new Date('2024-09-21T06:45:00Z'); // 1403/06/31 10:15 Tehran
		expect(formatJalaliDate(start)).toBe('1403/06/31');
		const next = addJalaliMonths(start, 1);
		expect(formatJalaliDate(next)).toBe('1403/07/30');
		expect(next.toISOString()).toBe('2024-10-21T06:45:00.000Z');
		expect(formatJalaliDate(addJalaliMonths(fromJalali(1403, 12, 30), 12))).toBe('1404/12/29');
	});
});

describe('formatJalaliDate', () => {
	it('pads month and day and can use Persian digits', () => {
		const d = fromJalali(1403, 1, 5);
		expect(formatJalaliDate(d)).toBe('1403/01/05');
		expect(formatJalaliDate(d, { digits: 'latin' })).toBe('1403/01/05');
		expect(formatJalaliDate(d, { digits: 'fa' })).toBe('۱۴۰۳/۰۱/۰۵');
		expect(formatJalaliDate({ jy: 1404, jm: 12, jd: 29 })).toBe('1404/12/29');
	});
});

describe('parseJalaliDate', () => {
	it.each([
		'1403/01/15',
		'۱۴۰۳/۰۱/۱۵',
		'١٤٠٣/١/١٥',
		'1403-1-15',
		'1403.01.15',
		' 1403/01/15 ',
		'\u200F۱۴۰۳/۱/۱۵'
	])('reads %j as midnight of 15 Farvardin 1403 in Tehran', (text) => {
		expect(parseJalaliDate(text)?.toISOString()).toBe('2024-04-02T20:30:00.000Z');
	});

	it('accepts Esfand 30 only in leap years', () => {
		expect(parseJalaliDate('1403/12/30')).not.toBeNull();
		expect(parseJalaliDate('1404/12/30')).toBeNull();
		expect(parseJalaliDate('1402/12/30')).toBeNull();
	});

	it.each([
		'',
		'abc',
		'1403/13/01',
		'1403/00/10',
		'1403/01/00',
		'1403/07/31',
		'03/01/15',
		'1403/01',
		'1403/01/15 10:00',
		'14031/01/15'
	])('rejects %j', (text) => {
		expect(parseJalaliDate(text)).toBeNull();
		expect(parseJalaliParts(text)).toBeNull();
	});

	it('round-trips every day of 1402–1404 through format and parse', () => {
		let day = { jy: 1402, jm: 1, jd: 1 };
		let count = 0;
		while (day.jy < 1405) {
			const text = formatJalaliDate(day);
			const parsed = parseJalaliDate(text);
			expect(parsed && formatJalaliDate(parsed)).toBe(text);
			day = addDaysToJalaliDate(day, 1);
			count++;
		}
		expect(count).toBe(365 + 366 + 365);
	});
});

describe('startOfTehranDay', () => {
	it('returns the Tehran midnight of the instant’s day', () => {
		expect(startOfTehranDay(new Date('2024-04-03T19:59:00Z')).toISOString()).toBe(
			'2024-04-02T20:30:00.000Z'
		);
		expect(startOfTehranDay(new Date('2024-04-03T20:31:00Z')).toISOString()).toBe(
			'2024-04-03T20:30:00.000Z'
		);
	});
});

describe('formatDate / formatDateTime', () => {
	const instant = new Date('2024-04-03T10:00:00Z'); // 1403/01/15 13:30 Tehran

	it('shows the Solar Hijri date with Persian digits for fa', () => {
		expect(formatDate(instant, 'fa')).toBe('۱۵ فروردین ۱۴۰۳');
		expect(formatDateTime(instant, 'fa')).toBe('۱۵ فروردین ۱۴۰۳، ۱۳:۳۰');
	});

	it('shows the Gregorian date day-first for en, in Tehran time', () => {
		expect(formatDate(instant, 'en')).toBe('3 Apr 2024');
		expect(formatDateTime(instant, 'en')).toBe('3 Apr 2024, 13:30');
		// 22:00 UTC is already the next day in Tehran
		expect(formatDate(new Date('2024-04-03T22:00:00Z'), 'en')).toBe('4 Apr 2024');
	});
});
