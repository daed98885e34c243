import { describe, it, expect } from 'vitest';
import { formatJalaliDate, parseJalaliDate } from './jalali';
import {
	DEFAULT_WEEKLY_SCHEDULE,
	addWorkingMinutes,
	isWorkingTime,
	nowruzHolidays,
	tehranWeekday,
	workingMinutesBetween,
	type BranchCalendar,
	type MinuteInterval,
	type WeeklySchedule
} from './working-time';

/** Tehran wall-clock instant from a Jalali date and HH:MM. */
function at(jalali: string, time: string): Date {
	const midnight = parseJalaliDate(jalali);
	if (!midnight) throw new Error(`bad date ${jalali}`);
	const [h, m] = time.split(':').map(Number);
	return new Date(midnight.getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
}

/** The same instant back as "YYYY/MM/DD HH:MM" Tehran time. */
function show(date: Date): string {
	const minutes = Math.round(
		(date.getTime() - (parseJalaliDate(formatJalaliDate(date))?.getTime() ?? 0)) / 60_000
	);
	const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
	const mm = String(minutes % 60).padStart(2, '0');
	return `${formatJalaliDate(date)} ${hh}:${mm}`;
}

// Sat–Wed 08:00–16:00, Thu 08:00–12:00, Fri closed.
const WEEK: WeeklySchedule = [
	[[480, 960]],
	[[480, 960]],
	[[480, 960]],
	[[480, 960]],
	[[480, 960]],
	[[480, 720]],
	[]
];

// 1403/02/01 is a Saturday; 1403/02/07 a Friday. 1403/02/03 (Monday) is made a holiday here.
// 1403/12/29 (Wednesday) is the oil-nationalisation holiday; 1404/01/01 is a Friday.
const calendar: BranchCalendar = {
	weekly: WEEK,
	holidays: ['1403/02/03', '۱۴۰۳/۱۲/۲۹', ...nowruzHolidays(1404), ...nowruzHolidays(1403)]
};

describe('tehranWeekday', () => {
	it('numbers the week from Saturday', () => {
		expect(tehranWeekday(at('1403/02/01', '10:00'))).toBe(0);
		expect(tehranWeekday(at('1403/02/06', '10:00'))).toBe(5);
		expect(tehranWeekday(at('1403/02/07', '23:59'))).toBe(6);
		expect(tehranWeekday(at('1404/01/01', '00:00'))).toBe(6);
	});
});

describe('isWorkingTime', () => {
	it('is open from the first minute of an interval up to, not including, its end', () => {
		expect(isWorkingTime(at('1403/02/01', '07:59'), calendar)).toBe(false);
		expect(isWorkingTime(at('1403/02/01', '08:00'), calendar)).toBe(true);
		expect(isWorkingTime(at('1403/02/01', '15:59'), calendar)).toBe(true);
		expect(isWorkingTime(at('1403/02/01', '16:00'), calendar)).toBe(false);
	});

	it('is closed on Friday, after Thursday noon, and on holidays', () => {
		expect(isWorkingTime(at('1403/02/07', '10:00'), calendar)).toBe(false);
		expect(isWorkingTime(at('1403/02/06', '11:59'), calendar)).toBe(true);
		expect(isWorkingTime(at('1403/02/06', '12:00'), calendar)).toBe(false);
		expect(isWorkingTime(at('1403/02/03', '10:00'), calendar)).toBe(false);
		expect(isWorkingTime(at('1404/01/04', '10:00'), calendar)).toBe(false);
		expect(isWorkingTime(at('1404/01/05', '10:00'), calendar)).toBe(true);
	});
});

describe('addWorkingMinutes', () => {
	it('adds within one open interval', () => {
		expect(show(addWorkingMinutes(at('1403/02/01', '10:00'), 120, calendar))).toBe(
			'1403/02/01 12:00'
		);
	});

	it('is due at closing when the budget ends exactly then, not at the next opening', () => {
		expect(show(addWorkingMinutes(at('1403/02/01', '14:00'), 120, calendar))).toBe(
			'1403/02/01 16:00'
		);
	});

	it('carries the rest over to the next working morning', () => {
		expect(show(addWorkingMinutes(at('1403/02/01', '15:00'), 120, calendar))).toBe(
			'1403/02/02 09:00'
		);
	});

	it('starts counting at the next opening when started outside hours', () => {
		expect(show(addWorkingMinutes(at('1403/02/01', '06:00'), 30, calendar))).toBe(
			'1403/02/01 08:30'
		);
		expect(show(addWorkingMinutes(at('1403/02/01', '20:00'), 30, calendar))).toBe(
			'1403/02/02 08:30'
		);
		expect(show(addWorkingMinutes(at('1403/02/07', '10:00'), 30, calendar))).toBe(
			'1403/02/08 08:30'
		);
	});

	it('skips the Thursday afternoon and the Friday', () => {
		// 60 min on Thursday morning, Friday closed, 60 min on Saturday
		expect(show(addWorkingMinutes(at('1403/02/06', '11:00'), 120, calendar))).toBe(
			'1403/02/08 09:00'
		);
	});

	it('skips a mid-week holiday', () => {
		// Sunday 15:00 + 120: one hour on Sunday, Monday is a holiday, one hour on Tuesday
		expect(show(addWorkingMinutes(at('1403/02/02', '15:00'), 120, calendar))).toBe(
			'1403/02/04 09:00'
		);
	});

	it('crosses the Jalali year end and the whole Nowruz break', () => {
		// Tue 1403/12/28 15–16 (60), Wed 12/29 holiday, Thu 12/30 08–12 (240 → 300 total),
		// Fri 1404/01/01 and Sat–Mon 01/02–01/04 Nowruz, so the last 60 minutes fall on Tue 01/05.
		const due = addWorkingMinutes(at('1403/12/28', '15:00'), 360, calendar);
		expect(show(due)).toBe('1404/01/05 09:00');
		expect(workingMinutesBetween(at('1403/12/28', '15:00'), due, calendar)).toBe(360);
	});

	it('treats an Esfand 30 as a normal working day only in a leap year', () => {
		// 1403 is leap: 1403/12/30 exists (a Thursday) and is worked in the morning
		expect(show(addWorkingMinutes(at('1403/12/30', '07:00'), 60, calendar))).toBe(
			'1403/12/30 09:00'
		);
	});

	it('handles split shifts with a lunch break', () => {
		const split: readonly MinuteInterval[] = [
			[480, 720],
			[780, 1020]
		];
		const lunch: BranchCalendar = {
			weekly: [split, split, split, split, split, split, []],
			holidays: []
		};
		expect(show(addWorkingMinutes(at('1403/02/01', '11:00'), 120, lunch))).toBe('1403/02/01 14:00');
		expect(isWorkingTime(at('1403/02/01', '12:30'), lunch)).toBe(false);
	});

	it('returns the start itself for zero minutes and refuses negative budgets', () => {
		const start = at('1403/02/07', '10:00');
		expect(addWorkingMinutes(start, 0, calendar).getTime()).toBe(start.getTime());
		expect(() => addWorkingMinutes(start, -1, calendar)).toThrow(RangeError);
		expect(() => addWorkingMinutes(start, Number.NaN, calendar)).toThrow(RangeError);
	});

	it('refuses a calendar that is never open instead of looping forever', () => {
		const closed: BranchCalendar = { weekly: [[], [], [], [], [], [], []], holidays: [] };
		expect(() => addWorkingMinutes(at('1403/02/01', '10:00'), 10, closed)).toThrow(RangeError);
	});

	it('rejects malformed calendars', () => {
		const overlapping: BranchCalendar = {
			weekly: [
				[
					[480, 720],
					[700, 900]
				],
				[],
				[],
				[],
				[],
				[],
				[]
			],
			holidays: []
		};
		expect(() => isWorkingTime(new Date(), overlapping)).toThrow(RangeError);
		expect(() => isWorkingTime(new Date(), { weekly: WEEK, holidays: ['1404/12/30'] })).toThrow(
			RangeError
		);
		expect(() =>
			isWorkingTime(new Date(), { weekly: [[[0, 1500]], [], [], [], [], [], []], holidays: [] })
		).toThrow(RangeError);
	});
});

describe('workingMinutesBetween', () => {
	it('counts only opening hours', () => {
		expect(
			workingMinutesBetween(at('1403/02/01', '10:00'), at('1403/02/01', '12:30'), calendar)
		).toBe(150);
		expect(
			workingMinutesBetween(at('1403/02/01', '15:00'), at('1403/02/02', '09:00'), calendar)
		).toBe(120);
		// a whole week: five 8-hour days, Monday off, a 4-hour Thursday
		expect(
			workingMinutesBetween(at('1403/02/01', '00:00'), at('1403/02/08', '00:00'), calendar)
		).toBe(4 * 480 + 240);
	});

	it('is zero across a closed stretch and negative when overdue', () => {
		expect(
			workingMinutesBetween(at('1403/02/06', '12:00'), at('1403/02/08', '08:00'), calendar)
		).toBe(0);
		expect(
			workingMinutesBetween(at('1403/02/01', '12:00'), at('1403/02/01', '10:00'), calendar)
		).toBe(-120);
	});

	it('inverts addWorkingMinutes for many starts and budgets', () => {
		let seed = 7;
		const next = () => (seed = (seed * 48271) % 2147483647);
		const base = at('1403/12/20', '00:00').getTime();
		for (let i = 0; i < 200; i++) {
			const start = new Date(base + (next() % (20 * 24 * 60)) * 60_000);
			const minutes = next() % 3000;
			const due = addWorkingMinutes(start, minutes, calendar);
			expect(workingMinutesBetween(start, due, calendar)).toBe(minutes);
			if (minutes > 0) expect(isWorkingTime(new Date(due.getTime() - 1), calendar)).toBe(true);
		}
	});
});

describe('DEFAULT_WEEKLY_SCHEDULE', () => {
	it('opens 8 hours Saturday–Wednesday, 5 on Thursday, closes Friday', () => {
		const hours = DEFAULT_WEEKLY_SCHEDULE.map(
			(day) => day.reduce((sum, [s, e]) => sum + (e - s), 0) / 60
		);
		expect(hours).toEqual([8, 8, 8, 8, 8, 5, 0]);
	});
});
