/**
 * Typed clock times, opening hours and SLA durations. People type "۸:۳۰ تا ۱۲", "08:00-12:00،
 * 13-17" or "4:30" in whatever digits their keyboard gives; these helpers turn that into minutes
 * and back, so branch calendars and priority SLAs are edited as text but stored as numbers.
 */
import { normalizeDigits, removeInvisibleChars } from './text';
import type { MinuteInterval, WeeklySchedule } from './working-time';

/** Weekly hours as stored in the branch row: weekday index ('0' = Saturday) → intervals. */
export type StoredWeeklyHours = Record<string, [number, number][]>;

function clean(text: string): string {
	return removeInvisibleChars(normalizeDigits(text.normalize('NFKC'))).trim();
}

/** Reads a clock time `8`, `08:00`, `۸:۳۰` as minutes since midnight (24:00 allowed); null if not one. */
export function parseClock(text: string): number | null {
	const match = /^(\d{1,2})(?:[:.٫](\d{2}))?$/.exec(clean(text));
	if (!match) return null;
	const hours = Number(match[1]);
	const minutes = match[2] === undefined ? 0 : Number(match[2]);
	if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
	return hours * 60 + minutes;
}

/** Formats minutes since midnight as `08:30`. */
export function formatClock(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

// Between two intervals: Latin or Arabic comma, semicolon, or "و" ("and").
const INTERVAL_SEPARATOR = /\s*(?:[,،;؛]|\s+و\s+)\s*/;
// Between start and end: any dash or the word "تا" ("to").
const RANGE_SEPARATOR = /\s*(?:[-\u2010-\u2015\u2212]|\s+تا\s+|\bto\b)\s*/;

/** Result of reading a day's opening hours. */
export type IntervalsResult =
	{ ok: true; value: MinuteInterval[] } | { ok: false; error: 'invalid_hours' };

/**
 * Reads a day's opening hours such as `08:00-12:00, 13:00-17:00` or `۸ تا ۱۶`; an empty text
 * means closed. Intervals come back sorted; overlapping or backwards ones are rejected.
 */
export function parseIntervals(text: string): IntervalsResult {
	const cleaned = clean(text);
	if (cleaned === '') return { ok: true, value: [] };
	const intervals: [number, number][] = [];
	for (const part of cleaned.split(INTERVAL_SEPARATOR)) {
		if (part === '') continue;
		const bounds = part.split(RANGE_SEPARATOR);
		if (bounds.length !== 2) return { ok: false, error: 'invalid_hours' };
		const start = parseClock(bounds[0] ?? '');
		const end = parseClock(bounds[1] ?? '');
		if (start === null || end === null || start >= end)
			return { ok: false, error: 'invalid_hours' };
		intervals.push([start, end]);
	}
	intervals.sort((a, b) => a[0] - b[0]);
	for (let i = 1; i < intervals.length; i++) {
		if (intervals[i]![0] < intervals[i - 1]![1]) return { ok: false, error: 'invalid_hours' };
	}
	return { ok: true, value: intervals };
}

/** Formats a day's intervals as `08:00-12:00, 13:00-17:00` (empty when closed), parseable again. */
export function formatIntervals(intervals: readonly MinuteInterval[]): string {
	return intervals.map(([s, e]) => `${formatClock(s)}-${formatClock(e)}`).join(', ');
}

/** The stored per-weekday map as the Saturday-first schedule working-time arithmetic expects. */
export function toWeeklySchedule(stored: StoredWeeklyHours | null | undefined): WeeklySchedule {
	const day = (i: number): MinuteInterval[] =>
		(stored?.[String(i)] ?? []).map(([s, e]) => [s, e] as const);
	return [day(0), day(1), day(2), day(3), day(4), day(5), day(6)];
}

/** A Saturday-first schedule as the per-weekday map stored in the branch row. */
export function fromWeeklySchedule(
	schedule: readonly (readonly MinuteInterval[])[]
): StoredWeeklyHours {
	return Object.fromEntries(
		schedule.map((intervals, i) => [
			String(i),
			intervals.map(([s, e]) => [s, e] as [number, number])
		])
	);
}

/**
 * Reads an SLA duration in working hours: `4` → 240, `4:30` → 270, `1.5` or `۱٫۵` → 90,
 * `0:45` → 45. Null for anything else, including zero and negatives.
 */
export function parseDurationHours(text: string): number | null {
	const cleaned = clean(text);
	let minutes: number | null = null;
	const clock = /^(\d{1,4}):(\d{2})$/.exec(cleaned);
	if (clock) {
		const m = Number(clock[2]);
		minutes = m > 59 ? null : Number(clock[1]) * 60 + m;
	} else if (/^\d{1,4}(?:[.٫]\d{1,2})?$/.test(cleaned)) {
		minutes = Math.round(Number(cleaned.replace('٫', '.')) * 60);
	}
	return minutes !== null && minutes > 0 ? minutes : null;
}

/** Formats a number of minutes as `H:MM` (e.g. 270 → `4:30`), the form parseDurationHours reads. */
export function formatDuration(minutes: number): string {
	return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
