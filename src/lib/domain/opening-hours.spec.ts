import { describe, expect, it } from 'vitest';
import { formatOpeningHours } from './opening-hours';

const WEEK = {
	'0': [[480, 1020]],
	'1': [[480, 1020]],
	'2': [[480, 1020]],
	'3': [[480, 1020]],
	'4': [[480, 1020]],
	'5': [[480, 780]],
	'6': []
} as Record<string, [number, number][]>;

describe('formatOpeningHours', () => {
	it('groups consecutive days with equal hours and skips closed days', () => {
		expect(formatOpeningHours(WEEK, 'en')).toBe('Sat–Wed 08:00-17:00, Thu 08:00-13:00');
		expect(formatOpeningHours(WEEK, 'fa')).toBe(
			'شنبه تا چهارشنبه ۰۸:۰۰-۱۷:۰۰، پنجشنبه ۰۸:۰۰-۱۳:۰۰'
		);
	});

	it('is empty without hours', () => {
		expect(formatOpeningHours({}, 'en')).toBe('');
		expect(formatOpeningHours(null, 'fa')).toBe('');
	});
});
