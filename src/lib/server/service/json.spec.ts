import { describe, expect, it } from 'vitest';
import { toJson } from './json';

describe('API JSON', () => {
	it('turns Rials into exact decimal strings and dates into ISO text, deeply', () => {
		const at = new Date('2026-03-21T08:30:00Z');
		expect(
			toJson({ total: 9_007_199_254_740_993n, lines: [{ amount: 5n, at }], none: null })
		).toEqual({
			total: '9007199254740993',
			lines: [{ amount: '5', at: '2026-03-21T08:30:00.000Z' }],
			none: null
		});
		expect(JSON.stringify(toJson({ n: 1n }))).toBe('{"n":"1"}');
	});
});
