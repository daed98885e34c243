import { describe, expect, it } from 'vitest';
import { renderTemplate, templatePlaceholders, unknownPlaceholders } from './notify-template';

describe('notification templates', () => {
	it('fills placeholders, Persian digits for numbers in Persian only', () => {
		expect(
			renderTemplate('پذیرش {formNumber}: {days} روز', { formNumber: 'THR-1', days: 12 }, 'fa')
		).toBe('پذیرش THR-1: ۱۲ روز');
		expect(renderTemplate('{days} days', { days: 12 }, 'en')).toBe('12 days');
	});

	it('keeps unknown placeholders visible and empties nulls', () => {
		expect(renderTemplate('{a}-{b}-{c}', { a: 'x', b: null }, 'en')).toBe('x--{c}');
	});

	it('lists placeholders and the ones not allowed', () => {
		expect(templatePlaceholders('{a} {b} {a}')).toEqual(['a', 'b']);
		expect(unknownPlaceholders('{a} {zz}', ['a'])).toEqual(['zz']);
	});
});
