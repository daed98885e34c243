import { describe, expect, it } from 'vitest';
import { formatFormNumber, formatListNumber, formScope, listScope } from './numbering';

describe('request numbering', () => {
	it('pads form numbers to six digits after branch and Jalali year', () => {
		expect(formatFormNumber('THR-01', 1405, 123)).toBe('THR-01-1405-000123');
		expect(formatFormNumber('ISF-01', 1404, 1)).toBe('ISF-01-1404-000001');
	});

	it('keeps sequences beyond the padding intact', () => {
		expect(formatFormNumber('THR-01', 1405, 1_234_567)).toBe('THR-01-1405-1234567');
	});

	it('marks list numbers with L so they never read as form numbers', () => {
		expect(formatListNumber('THR-01', 1405, 7)).toBe('THR-01-1405-L0007');
		expect(formatListNumber('THR-01', 1405, 7)).not.toBe(formatFormNumber('THR-01', 1405, 7));
	});

	it('gives forms and lists separate scopes per branch and year', () => {
		const scopes = new Set([
			formScope(1, 1405),
			formScope(1, 1404),
			formScope(2, 1405),
			listScope(1, 1405)
		]);
		expect(scopes.size).toBe(4);
	});
});
