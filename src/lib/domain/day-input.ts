/**
 * Calendar days typed by people or sent by other systems. Staff type Jalali dates in any digits
 * (`۱۴۰۵/۰۱/۱۵`); an ERP sends ISO Gregorian (`2026-04-04`). The year tells them apart: no Jalali
 * year in use is above 1700 and no Gregorian one below it.
 */
import { toGregorian } from 'jalaali-js';
import {
	formatJalaliDate,
	fromJalali,
	parseJalaliParts,
	toJalali,
	type JalaliDate
} from './jalali';
import { normalizeDigits, removeInvisibleChars } from './text';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function isoParts(text: string): { y: number; m: number; d: number } | null {
	const match = ISO_DAY.exec(text);
	if (!match) return null;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const probe = new Date(Date.UTC(y, m - 1, d));
	if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d)
		return null;
	return { y, m, d };
}

/** The Jalali day named by a typed Jalali date or an ISO Gregorian date; null if neither. */
export function parseDayParts(text: string): JalaliDate | null {
	const cleaned = removeInvisibleChars(normalizeDigits(text)).trim();
	const iso = isoParts(cleaned);
	if (iso && iso.y >= 1700) return toJalali(new Date(Date.UTC(iso.y, iso.m - 1, iso.d, 12)), 'UTC');
	const jalali = parseJalaliParts(cleaned);
	return jalali && jalali.jy < 1700 ? jalali : null;
}

/**
 * Reads a day as the instant of its midnight in Tehran: a Jalali date, an ISO Gregorian date,
 * or a full ISO timestamp (kept as is). Null when the text is none of these or the day does not exist.
 */
export function parseDayInput(text: string): Date | null {
	const cleaned = removeInvisibleChars(normalizeDigits(text)).trim();
	if (ISO_INSTANT.test(cleaned)) {
		const instant = new Date(cleaned);
		return Number.isNaN(instant.getTime()) ? null : instant;
	}
	const day = parseDayParts(cleaned);
	return day ? fromJalali(day.jy, day.jm, day.jd) : null;
}

/** The Gregorian `YYYY-MM-DD` of a Jalali day, as an SQL `date` column stores it. */
export function jalaliToIsoDay(day: JalaliDate): string {
	const { gy, gm, gd } = toGregorian(day.jy, day.jm, day.jd);
	return `${gy}-${String(gm).padStart(2, '0')}-${String(gd).padStart(2, '0')}`;
}

/** The Jalali `YYYY/MM/DD` (Latin digits) of an SQL `date` value `YYYY-MM-DD`. */
export function isoDayToJalali(isoDay: string): string {
	const parts = isoParts(isoDay);
	if (!parts) throw new RangeError(`not an ISO day: ${isoDay}`);
	return formatJalaliDate(toJalali(new Date(Date.UTC(parts.y, parts.m - 1, parts.d, 12)), 'UTC'));
}
