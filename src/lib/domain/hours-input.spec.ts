import { describe, expect, it } from 'vitest';
import {
	formatDuration,
	formatIntervals,
	fromWeeklySchedule,
	parseClock,
	parseDurationHours,
	parseIntervals,
	toWeeklySchedule
} from './hours-input';

describe('parseClock', () => {
	it('reads hours with or without minutes in any digits', () => {
		expect(parseClock('8')).toBe(480);
		expect(parseClock('08:30')).toBe(510);
		expect(parseClock('۸:۳۰')).toBe(510);
		expect(parseClock('٠٨:٤٥')).toBe(525);
		expect(parseClock('24:00')).toBe(1440);
	});

	it('rejects impossible times', () => {
		expect(parseClock('25')).toBeNull();
		expect(parseClock('8:60')).toBeNull();
		expect(parseClock('24:30')).toBeNull();
		expect(parseClock('abc')).toBeNull();
	});
});

describe('parseIntervals', () => {
	it('reads several intervals with Persian separators and sorts them', () => {
		expect(parseIntervals('۱۳:۰۰-۱۷:۰۰، ۸ تا ۱۲')).toEqual({
			ok: true,
			value: [
				[480, 720],
				[780, 1020]
			]
		});
		expect(parseIntervals('08:00–16:00')).toEqual({ ok: true, value: [[480, 960]] });
	});

	it('treats an empty day as closed', () => {
		expect(parseIntervals('  ')).toEqual({ ok: true, value: [] });
	});

	it('rejects backwards and overlapping intervals', () => {
		expect(parseIntervals('16:00-08:00').ok).toBe(false);
		expect(parseIntervals('08:00-13:00, 12:00-17:00').ok).toBe(false);
		expect(parseIntervals('08:00').ok).toBe(false);
	});

	it('round-trips through formatIntervals', () => {
		const text = formatIntervals([
			[480, 720],
			[780, 1020]
		]);
		expect(text).toBe('08:00-12:00, 13:00-17:00');
		expect(parseIntervals(text)).toEqual({
			ok: true,
			value: [
				[480, 720],
				[780, 1020]
			]
		});
	});
});

describe('weekly schedule conversion', () => {
	it('maps the stored Saturday-first map to the seven-day schedule and back', () => {
		const stored = { '0': [[480, 960]] as [number, number][], '6': [] };
		const schedule = toWeeklySchedule(stored);
		expect(schedule).toHaveLength(7);
		expect(schedule[0]).toEqual([[480, 960]]);
		expect(schedule[3]).toEqual([]);
		expect(fromWeeklySchedule(schedule)['0']).toEqual([[480, 960]]);
		expect(Object.keys(fromWeeklySchedule(schedule))).toHaveLength(7);
	});
});

describe('parseDurationHours', () => {
	it('reads hours, hours:minutes and decimal hours in any digits', () => {
		expect(parseDurationHours('4')).toBe(240);
		expect(parseDurationHours('4:30')).toBe(270);
		expect(parseDurationHours('۱٫۵')).toBe(90);
		expect(parseDurationHours('0:45')).toBe(45);
		expect(parseDurationHours('۴۸')).toBe(2880);
	});

	it('rejects zero, junk and bad minutes', () => {
		expect(parseDurationHours('0')).toBeNull();
		expect(parseDurationHours('1:75')).toBeNull();
		expect(parseDurationHours('-2')).toBeNull();
		expect(parseDurationHours('soon')).toBeNull();
	});

	it('formats minutes so they read back the same', () => {
		expect(formatDuration(270)).toBe('4:30');
		expect(parseDurationHours(formatDuration(2880))).toBe(2880);
	});
});
