import { describe, it, expect } from 'vitest';
import { formatJalaliDate, fromJalali } from './jalali';
import {
	computeWarrantyPeriod,
	warrantyStatus,
	type WarrantyPeriod,
	type WarrantyPeriodInput
} from './warranty-dates';

const day = (jy: number, jm: number, jd: number) => fromJalali(jy, jm, jd);
/** An instant late in a Tehran day, to show that the time of day does not matter. */
const lateOn = (jy: number, jm: number, jd: number) =>
	new Date(fromJalali(jy, jm, jd).getTime() + (23 * 60 + 59) * 60_000);

function span(period: WarrantyPeriod): string[] {
	if (period.pending) return ['pending'];
	return [
		formatJalaliDate(period.start),
		formatJalaliDate(period.end),
		formatJalaliDate(period.graceEnd)
	];
}

const base: WarrantyPeriodInput = { rule: 'sale', months: 12, days: 0, graceDays: 0 };

describe('computeWarrantyPeriod', () => {
	it('runs a 12-month warranty from 1402/12/29 to 1403/12/29 (Jalali months, not 365 days)', () => {
		expect(span(computeWarrantyPeriod({ ...base, saleDate: lateOn(1402, 12, 29) }))).toEqual([
			'1402/12/29',
			'1403/12/29',
			'1403/12/29'
		]);
	});

	it('clamps a leap-year Esfand 30 start to Esfand 29 of a common year', () => {
		expect(span(computeWarrantyPeriod({ ...base, saleDate: day(1403, 12, 30) }))).toEqual([
			'1403/12/30',
			'1404/12/29',
			'1404/12/29'
		]);
	});

	it('clamps month ends of the first half-year into the 30-day months', () => {
		expect(span(computeWarrantyPeriod({ ...base, months: 1, saleDate: day(1403, 6, 31) }))[1]).toBe(
			'1403/07/30'
		);
	});

	it('adds the extra days after the months and the grace days after the end', () => {
		expect(
			span(
				computeWarrantyPeriod({
					...base,
					months: 18,
					days: 15,
					graceDays: 10,
					saleDate: day(1403, 10, 20)
				})
			)
		).toEqual(['1403/10/20', '1405/05/04', '1405/05/14']);
	});

	it('starts from the date its rule names, ignoring the others', () => {
		const dates = {
			saleDate: day(1403, 1, 10),
			registrationDate: day(1403, 2, 10),
			activationDate: day(1403, 3, 10)
		};
		expect(span(computeWarrantyPeriod({ ...base, ...dates, rule: 'sale' }))[0]).toBe('1403/01/10');
		expect(span(computeWarrantyPeriod({ ...base, ...dates, rule: 'registration' }))[0]).toBe(
			'1403/02/10'
		);
		expect(span(computeWarrantyPeriod({ ...base, ...dates, rule: 'activation' }))[0]).toBe(
			'1403/03/10'
		);
	});

	it('is pending while the starting event is unknown', () => {
		const period = computeWarrantyPeriod({
			...base,
			rule: 'registration',
			saleDate: day(1403, 1, 10),
			registrationDate: null
		});
		expect(period).toEqual({ pending: true, start: null, end: null, graceEnd: null });
		expect(computeWarrantyPeriod({ ...base, rule: 'activation' }).pending).toBe(true);
	});

	it('starts at the Tehran midnight of the trigger day', () => {
		const period = computeWarrantyPeriod({ ...base, saleDate: new Date('2024-04-03T19:00:00Z') }); // 22:30 on 1403/01/15
		expect(period.start?.toISOString()).toBe('2024-04-02T20:30:00.000Z');
	});

	it('rejects negative or fractional durations', () => {
		expect(() => computeWarrantyPeriod({ ...base, months: -1, saleDate: day(1403, 1, 1) })).toThrow(
			RangeError
		);
		expect(() => computeWarrantyPeriod({ ...base, days: 1.5, saleDate: day(1403, 1, 1) })).toThrow(
			RangeError
		);
		expect(() =>
			computeWarrantyPeriod({ ...base, graceDays: -3, saleDate: day(1403, 1, 1) })
		).toThrow(RangeError);
	});
});

describe('warrantyStatus', () => {
	// 12 months from 1403/01/01 ends on 1404/01/01 (the end day is covered too), then 7 grace days.
	const period = computeWarrantyPeriod({ ...base, graceDays: 7, saleDate: day(1403, 1, 1) });

	it('is active through the whole last day, counting today in the days left', () => {
		expect(span(period)).toEqual(['1403/01/01', '1404/01/01', '1404/01/08']);
		// 1403 is a leap year: 366 days of 1403 plus the covered end day
		expect(warrantyStatus(period, day(1403, 1, 1))).toEqual({ state: 'active', daysLeft: 367 });
		expect(warrantyStatus(period, lateOn(1403, 12, 30))).toEqual({ state: 'active', daysLeft: 2 });
		expect(warrantyStatus(period, lateOn(1404, 1, 1))).toEqual({ state: 'active', daysLeft: 1 });
	});

	it('is in grace for the grace days after the end', () => {
		expect(warrantyStatus(period, day(1404, 1, 2))).toEqual({ state: 'grace', daysLeft: 7 });
		expect(warrantyStatus(period, lateOn(1404, 1, 8))).toEqual({ state: 'grace', daysLeft: 1 });
	});

	it('is expired after the grace, and has no grace when graceDays is 0', () => {
		expect(warrantyStatus(period, day(1404, 1, 9))).toEqual({ state: 'expired', daysLeft: 0 });
		const strict = computeWarrantyPeriod({ ...base, saleDate: day(1403, 1, 1) });
		expect(warrantyStatus(strict, day(1404, 1, 2))).toEqual({ state: 'expired', daysLeft: 0 });
	});

	it('is pending before it starts or while its start is unknown', () => {
		expect(warrantyStatus(period, lateOn(1402, 12, 29))).toEqual({
			state: 'pending',
			daysLeft: null
		});
		expect(warrantyStatus(computeWarrantyPeriod({ ...base }), day(1403, 1, 1))).toEqual({
			state: 'pending',
			daysLeft: null
		});
	});
});
