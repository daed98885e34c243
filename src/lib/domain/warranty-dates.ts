/**
 * Warranty period arithmetic. A warranty type says which event starts the clock (sale,
 * registration by the customer, or activation of the device), how long it runs in Jalali months
 * plus days, and how many grace days follow it.
 *
 * Convention: `start` and `end` are Tehran midnights of the first and last covered days, and the
 * whole `end` day is covered — a card printed "valid until 1403/12/29" honours claims that day.
 */
import {
	addDaysToJalaliDate,
	addMonthsToJalaliDate,
	fromJalali,
	jalaliDaysBetween,
	toJalali,
	type JalaliDate
} from './jalali';

/** Which event starts a warranty. */
export type WarrantyStartRule = 'sale' | 'registration' | 'activation';

/** What is known about a unit and its warranty type. */
export interface WarrantyPeriodInput {
	rule: WarrantyStartRule;
	saleDate?: Date | null;
	registrationDate?: Date | null;
	activationDate?: Date | null;
	/** Duration in Jalali months (added first, clamping month ends). */
	months: number;
	/** Extra days added after the months. */
	days: number;
	/** Days after the end during which claims are still honoured as a courtesy. */
	graceDays: number;
}

/** A computed warranty period; pending while the starting event has not happened yet. */
export type WarrantyPeriod =
	| { pending: true; start: null; end: null; graceEnd: null }
	| { pending: false; start: Date; end: Date; graceEnd: Date };

/** Where a warranty stands on a given day; `daysLeft` counts today, null while pending. */
export interface WarrantyStatus {
	state: 'active' | 'expired' | 'pending' | 'grace';
	daysLeft: number | null;
}

function assertWholeNonNegative(value: number, label: string): void {
	if (!Number.isInteger(value) || value < 0)
		throw new RangeError(`${label} must be a whole number ≥ 0`);
}

function triggerDate(input: WarrantyPeriodInput): Date | null {
	const dates: Record<WarrantyStartRule, Date | null | undefined> = {
		sale: input.saleDate,
		registration: input.registrationDate,
		activation: input.activationDate
	};
	return dates[input.rule] ?? null;
}

function dateOf(day: JalaliDate): Date {
	return fromJalali(day.jy, day.jm, day.jd);
}

/**
 * Computes start, last covered day and last grace day; the months are Jalali months, so a
 * 12-month warranty from 1402/12/29 ends on 1403/12/29 and one from 1403/12/30 on 1404/12/29.
 */
export function computeWarrantyPeriod(input: WarrantyPeriodInput): WarrantyPeriod {
	assertWholeNonNegative(input.months, 'months');
	assertWholeNonNegative(input.days, 'days');
	assertWholeNonNegative(input.graceDays, 'graceDays');
	const trigger = triggerDate(input);
	if (!trigger) return { pending: true, start: null, end: null, graceEnd: null };
	const startDay = toJalali(trigger);
	const endDay = addDaysToJalaliDate(addMonthsToJalaliDate(startDay, input.months), input.days);
	const graceEndDay = addDaysToJalaliDate(endDay, input.graceDays);
	return {
		pending: false,
		start: dateOf(startDay),
		end: dateOf(endDay),
		graceEnd: dateOf(graceEndDay)
	};
}

/** Tells whether the warranty covers `now`, is in grace, expired or not started, with days left. */
export function warrantyStatus(period: WarrantyPeriod, now: Date): WarrantyStatus {
	if (period.pending) return { state: 'pending', daysLeft: null };
	const today = toJalali(now);
	if (jalaliDaysBetween(toJalali(period.start), today) < 0)
		return { state: 'pending', daysLeft: null };
	const toEnd = jalaliDaysBetween(today, toJalali(period.end));
	if (toEnd >= 0) return { state: 'active', daysLeft: toEnd + 1 };
	const toGraceEnd = jalaliDaysBetween(today, toJalali(period.graceEnd));
	if (toGraceEnd >= 0) return { state: 'grace', daysLeft: toGraceEnd + 1 };
	return { state: 'expired', daysLeft: 0 };
}
