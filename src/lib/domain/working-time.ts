/**
 * SLA arithmetic in working time. A branch's calendar is its weekly opening hours plus its
 * holidays; due times and "time left" count only the minutes the branch is open.
 *
 * All wall-clock reasoning uses Tehran's fixed UTC+03:30 (no DST since 1402, see `jalali.ts`),
 * so a Tehran day is exactly 24 h and computing with plain millisecond arithmetic is exact.
 */
import { j2d } from 'jalaali-js';
import { TEHRAN_UTC_OFFSET_MINUTES, parseJalaliParts } from './jalali';

/** Opening interval within a day, in minutes since local midnight: [start, end), 0 ≤ start < end ≤ 1440. */
export type MinuteInterval = readonly [start: number, end: number];

/** Opening hours per weekday, Saturday first as in the Iranian week (index 6 is Friday). */
export type WeeklySchedule = readonly [
	saturday: readonly MinuteInterval[],
	sunday: readonly MinuteInterval[],
	monday: readonly MinuteInterval[],
	tuesday: readonly MinuteInterval[],
	wednesday: readonly MinuteInterval[],
	thursday: readonly MinuteInterval[],
	friday: readonly MinuteInterval[]
];

/** A branch calendar: weekly hours plus closed days as Jalali `YYYY/MM/DD` strings (any digits). */
export interface BranchCalendar {
	weekly: WeeklySchedule;
	holidays: readonly string[];
}

/** Weekday names in Iranian order; the index matches `WeeklySchedule`. */
export const WEEKDAYS = [
	'saturday',
	'sunday',
	'monday',
	'tuesday',
	'wednesday',
	'thursday',
	'friday'
] as const;

const FULL_DAY: readonly MinuteInterval[] = [[8 * 60, 16 * 60]];

/** Typical service-centre hours: Saturday–Wednesday 08:00–16:00, Thursday 08:00–13:00, Friday closed. */
export const DEFAULT_WEEKLY_SCHEDULE: WeeklySchedule = [
	FULL_DAY,
	FULL_DAY,
	FULL_DAY,
	FULL_DAY,
	FULL_DAY,
	[[8 * 60, 13 * 60]],
	[]
];

/** The four Nowruz holidays (1–4 Farvardin) of a Jalali year, ready for `BranchCalendar.holidays`. */
export function nowruzHolidays(jy: number): string[] {
	return [1, 2, 3, 4].map((d) => `${jy}/01/0${d}`);
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const OFFSET_MS = TEHRAN_UTC_OFFSET_MINUTES * MINUTE_MS;
const UNIX_EPOCH_JDN = 2_440_588; // Julian day number of 1970-01-01
const UNIX_EPOCH_WEEKDAY = 5; // 1970-01-01 was a Thursday: index 5 in a Saturday-first week
// A calendar closed for longer than this is a configuration error, not a long holiday.
const MAX_CLOSED_DAYS = 400;

interface CompiledCalendar {
	weekly: WeeklySchedule;
	holidayDays: ReadonlySet<number>;
}

const compiled = new WeakMap<BranchCalendar, CompiledCalendar>();

function compile(calendar: BranchCalendar): CompiledCalendar {
	const cached = compiled.get(calendar);
	if (cached) return cached;
	if (calendar.weekly.length !== 7) throw new RangeError('weekly schedule needs 7 days');
	calendar.weekly.forEach((intervals, weekday) => {
		let previousEnd = 0;
		for (const [start, end] of intervals) {
			const ok =
				Number.isInteger(start) &&
				Number.isInteger(end) &&
				start >= previousEnd &&
				start < end &&
				end <= 1440;
			if (!ok)
				throw new RangeError(
					`${WEEKDAYS[weekday]}: intervals must be sorted, disjoint, within 0–1440`
				);
			previousEnd = end;
		}
	});
	const holidayDays = new Set<number>();
	for (const text of calendar.holidays) {
		const day = parseJalaliParts(text);
		if (!day) throw new RangeError(`holiday ${JSON.stringify(text)} is not a Jalali date`);
		holidayDays.add(j2d(day.jy, day.jm, day.jd) - UNIX_EPOCH_JDN);
	}
	const result = { weekly: calendar.weekly, holidayDays };
	compiled.set(calendar, result);
	return result;
}

/** Tehran day number: days since 1970-01-01 on a Tehran wall clock. */
function dayOf(ms: number): number {
	return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

function dayStartMs(day: number): number {
	return day * DAY_MS - OFFSET_MS;
}

function openIntervals(cal: CompiledCalendar, day: number): readonly MinuteInterval[] {
	if (cal.holidayDays.has(day)) return [];
	return cal.weekly[(((day + UNIX_EPOCH_WEEKDAY) % 7) + 7) % 7] ?? [];
}

function hasAnyOpening(cal: CompiledCalendar): boolean {
	return cal.weekly.some((intervals) => intervals.length > 0);
}

/** Weekday of an instant in Tehran, 0 = Saturday … 6 = Friday. */
export function tehranWeekday(date: Date): number {
	return (((dayOf(date.getTime()) + UNIX_EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/** Tells whether the branch is open at this instant (interval starts count, ends do not). */
export function isWorkingTime(at: Date, calendar: BranchCalendar): boolean {
	const cal = compile(calendar);
	const ms = at.getTime();
	const day = dayOf(ms);
	const minute = (ms - dayStartMs(day)) / MINUTE_MS;
	return openIntervals(cal, day).some(([start, end]) => minute >= start && minute < end);
}

/**
 * Due time: the instant after `minutes` of opening hours have elapsed from `start`. A start
 * outside hours begins counting at the next opening; a budget that runs out exactly at closing
 * is due at closing, not at the next opening. Adding zero returns `start` unchanged.
 */
export function addWorkingMinutes(start: Date, minutes: number, calendar: BranchCalendar): Date {
	if (!Number.isFinite(minutes) || minutes < 0)
		throw new RangeError('minutes must be a non-negative number');
	const cal = compile(calendar);
	if (minutes === 0) return new Date(start.getTime());
	if (!hasAnyOpening(cal)) throw new RangeError('calendar has no opening hours');
	let remaining = minutes * MINUTE_MS;
	const cursor = start.getTime();
	let closedDays = 0;
	for (let day = dayOf(cursor); closedDays <= MAX_CLOSED_DAYS; day++) {
		let openedToday = false;
		for (const [startMinute, endMinute] of openIntervals(cal, day)) {
			openedToday = true;
			const from = Math.max(cursor, dayStartMs(day) + startMinute * MINUTE_MS);
			const to = dayStartMs(day) + endMinute * MINUTE_MS;
			if (to <= from) continue;
			if (remaining <= to - from) return new Date(from + remaining);
			remaining -= to - from;
		}
		closedDays = openedToday ? 0 : closedDays + 1;
	}
	throw new RangeError(`branch is closed for more than ${MAX_CLOSED_DAYS} days in a row`);
}

/**
 * Opening-hours minutes between two instants: the SLA "time left" when `b` is the due time,
 * a duration for reports otherwise. Negative when `b` is before `a` (overdue by that much).
 */
export function workingMinutesBetween(a: Date, b: Date, calendar: BranchCalendar): number {
	const from = a.getTime();
	const to = b.getTime();
	if (to < from) return -workingMinutesBetween(b, a, calendar);
	const cal = compile(calendar);
	let total = 0;
	for (let day = dayOf(from); day <= dayOf(to); day++) {
		for (const [startMinute, endMinute] of openIntervals(cal, day)) {
			const lo = Math.max(from, dayStartMs(day) + startMinute * MINUTE_MS);
			const hi = Math.min(to, dayStartMs(day) + endMinute * MINUTE_MS);
			if (hi > lo) total += hi - lo;
		}
	}
	return total / MINUTE_MS;
}
