/**
 * Jalali (Solar Hijri) calendar helpers over `jalaali-js`, anchored to Iran's time zone.
 *
 * Time zone policy: Iran abolished daylight saving time from 1402 (2022), so Asia/Tehran is a
 * fixed UTC+03:30. Turning a Jalali wall-clock date into an instant uses that fixed offset (no
 * tz database needed, identical on every server). Turning an instant into a Jalali date goes
 * through Intl with the real `Asia/Tehran` zone, so instants recorded before 1402 under DST
 * (+04:30) still land on the day they were recorded on; a midnight produced here for such a
 * summer date reads back as 01:00 of the same day, so round trips stay on the right day.
 */
import {
	d2j,
	isLeapJalaaliYear,
	isValidJalaaliDate,
	j2d,
	jalaaliMonthLength,
	toGregorian,
	toJalaali as gregorianToJalaali
} from 'jalaali-js';
import { normalizeDigits, removeInvisibleChars, toPersianDigits, type DisplayLocale } from './text';

/** IANA zone every branch works in. */
export const TEHRAN_TIME_ZONE = 'Asia/Tehran';
/** Iran's fixed offset from UTC since 1402: +03:30. */
export const TEHRAN_UTC_OFFSET_MINUTES = 210;

const MINUTE_MS = 60_000;

/** A calendar day in the Jalali calendar (month 1 = Farvardin, 12 = Esfand). */
export interface JalaliDate {
	jy: number;
	jm: number;
	jd: number;
}

interface WallClock {
	year: number;
	month: number;
	day: number;
	msOfDay: number;
}

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockIn(date: Date, timeZone: string): WallClock {
	if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
	let formatter = wallClockFormatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
			timeZone,
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
			hourCycle: 'h23'
		});
		wallClockFormatters.set(timeZone, formatter);
	}
	const parts: Record<string, number> = {};
	for (const part of formatter.formatToParts(date)) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const msOfDay =
		((parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)) * 1000 +
		date.getUTCMilliseconds();
	return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, msOfDay };
}

function tehranInstant(day: JalaliDate, msOfDay = 0): Date {
	const { gy, gm, gd } = toGregorian(day.jy, day.jm, day.jd);
	return new Date(Date.UTC(gy, gm - 1, gd) - TEHRAN_UTC_OFFSET_MINUTES * MINUTE_MS + msOfDay);
}

/** Jalali calendar day of an instant as seen on a wall clock in `timeZone` (Tehran by default). */
export function toJalali(date: Date, timeZone: string = TEHRAN_TIME_ZONE): JalaliDate {
	const wall = wallClockIn(date, timeZone);
	return gregorianToJalaali(wall.year, wall.month, wall.day);
}

/** Midnight in Tehran at the start of the given Jalali day; throws on a day that does not exist. */
export function fromJalali(jy: number, jm: number, jd: number): Date {
	if (!isValidJalaliDate(jy, jm, jd)) throw new RangeError(`Invalid Jalali date ${jy}/${jm}/${jd}`);
	return tehranInstant({ jy, jm, jd });
}

/** Tells whether the Jalali year/month/day exists (e.g. Esfand 30 only in leap years). */
export function isValidJalaliDate(jy: number, jm: number, jd: number): boolean {
	return (
		Number.isInteger(jy) &&
		Number.isInteger(jm) &&
		Number.isInteger(jd) &&
		isValidJalaaliDate(jy, jm, jd)
	);
}

/** Jalali year an instant falls in; per-branch request numbering restarts on it at Nowruz. */
export function jalaliYearOf(date: Date, timeZone: string = TEHRAN_TIME_ZONE): number {
	return toJalali(date, timeZone).jy;
}

/** Tells whether a Jalali year has 366 days (Esfand has 30 days instead of 29). */
export function isJalaliLeapYear(jy: number): boolean {
	return isLeapJalaaliYear(jy);
}

/** Number of days in a Jalali month: 31 for months 1–6, 30 for 7–11, 29 or 30 for Esfand. */
export function jalaliMonthLength(jy: number, jm: number): number {
	return jalaaliMonthLength(jy, jm);
}

/** Adds whole months to a Jalali day, clamping to the target month's last day. */
export function addMonthsToJalaliDate(day: JalaliDate, months: number): JalaliDate {
	if (!Number.isInteger(months)) throw new RangeError('months must be an integer');
	const index = day.jy * 12 + (day.jm - 1) + months;
	const jy = Math.floor(index / 12);
	const jm = index - jy * 12 + 1;
	return { jy, jm, jd: Math.min(day.jd, jalaaliMonthLength(jy, jm)) };
}

/** Adds (or with a negative n, subtracts) whole days to a Jalali day. */
export function addDaysToJalaliDate(day: JalaliDate, days: number): JalaliDate {
	if (!Number.isInteger(days)) throw new RangeError('days must be an integer');
	return d2j(j2d(day.jy, day.jm, day.jd) + days);
}

/** Number of calendar days from `a` to `b` (negative when `b` is earlier). */
export function jalaliDaysBetween(a: JalaliDate, b: JalaliDate): number {
	return j2d(b.jy, b.jm, b.jd) - j2d(a.jy, a.jm, a.jd);
}

/**
 * Adds Jalali months to an instant keeping the Tehran time of day; month ends clamp, so
 * 31 Shahrivar + 1 month is 30 Mehr and 30 Esfand + 12 months in a common year is 29 Esfand.
 */
export function addJalaliMonths(date: Date, months: number): Date {
	const wall = wallClockIn(date, TEHRAN_TIME_ZONE);
	const day = gregorianToJalaali(wall.year, wall.month, wall.day);
	return tehranInstant(addMonthsToJalaliDate(day, months), wall.msOfDay);
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

/** Formats a Jalali day as `1403/01/15`, with Latin digits by default or Persian ones. */
export function formatJalaliDate(
	date: Date | JalaliDate,
	options: { digits?: 'fa' | 'latin' } = {}
): string {
	const day = date instanceof Date ? toJalali(date) : date;
	const text = `${day.jy}/${pad2(day.jm)}/${pad2(day.jd)}`;
	return options.digits === 'fa' ? toPersianDigits(text) : text;
}

const JALALI_DATE_PATTERN = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/;

/** Reads `1403/1/15`, `۱۴۰۳-۰۱-۱۵` or `1403.01.15` as a Jalali day; null when it does not exist. */
export function parseJalaliParts(text: string): JalaliDate | null {
	const match = JALALI_DATE_PATTERN.exec(removeInvisibleChars(normalizeDigits(text)).trim());
	if (!match) return null;
	const [jy, jm, jd] = [Number(match[1]), Number(match[2]), Number(match[3])];
	return isValidJalaliDate(jy, jm, jd) ? { jy, jm, jd } : null;
}

/** Parses a typed Jalali date into the instant of that day's midnight in Tehran; null if invalid. */
export function parseJalaliDate(text: string): Date | null {
	const day = parseJalaliParts(text);
	return day ? tehranInstant(day) : null;
}

/** Start of the Tehran calendar day containing `date` (midnight, +03:30). */
export function startOfTehranDay(date: Date): Date {
	return tehranInstant(toJalali(date));
}

/** Length of a date as shown to people; `medium` is `۱۵ فروردین ۱۴۰۳` / `3 Apr 2024`. */
export type DateStyle = 'short' | 'medium' | 'long' | 'full';

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(
	locale: DisplayLocale,
	dateStyle: DateStyle,
	withTime: boolean
): Intl.DateTimeFormat {
	const key = `${locale}:${dateStyle}:${withTime}`;
	let formatter = displayFormatters.get(key);
	if (!formatter) {
		// Persian users read the Solar Hijri calendar; English users get day-month-year Gregorian
		// (en-GB) rather than the ambiguous US month-first order. Both in 24-hour Tehran time.
		formatter = new Intl.DateTimeFormat(
			locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB-u-ca-gregory',
			{
				timeZone: TEHRAN_TIME_ZONE,
				dateStyle,
				...(withTime ? { timeStyle: 'short', hourCycle: 'h23' } : {})
			}
		);
		displayFormatters.set(key, formatter);
	}
	return formatter;
}

/** Formats a day for display: Jalali with Persian digits for fa, Gregorian for en. */
export function formatDate(
	date: Date,
	locale: DisplayLocale,
	dateStyle: DateStyle = 'medium'
): string {
	return displayFormatter(locale, dateStyle, false).format(date);
}

/** Formats a date and Tehran time (hh:mm) for display in the given locale. */
export function formatDateTime(
	date: Date,
	locale: DisplayLocale,
	dateStyle: DateStyle = 'medium'
): string {
	return displayFormatter(locale, dateStyle, true).format(date);
}
