import { describe, expect, it } from 'vitest';
import { DEFAULT_WEEKLY_SCHEDULE } from '#lib/domain/working-time';
import { holidayToJalali, weeklySchedule } from './calendar';

describe('branch calendar', () => {
	it('maps stored weekday keys onto the Saturday-first schedule', () => {
		const week = weeklySchedule({ '0': [[480, 1020]], '5': [[480, 780]], '6': [] });
		expect(week[0]).toEqual([[480, 1020]]);
		expect(week[5]).toEqual([[480, 780]]);
		expect(week[1]).toEqual([]);
		expect(week).toHaveLength(7);
	});

	it('falls back to the usual week when a branch has no hours at all', () => {
		expect(weeklySchedule({})).toBe(DEFAULT_WEEKLY_SCHEDULE);
		expect(weeklySchedule(null)).toBe(DEFAULT_WEEKLY_SCHEDULE);
	});

	it('reads stored Gregorian holidays as Jalali days', () => {
		expect(holidayToJalali('2026-03-21')).toBe('1405/01/01');
		expect(holidayToJalali('2025-03-20')).toBe('1403/12/30');
	});
});
