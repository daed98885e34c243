import { describe, expect, it } from 'vitest';
import { normalizePersian, normalizeSerial } from '#lib/domain/text';
import { buildSearchText } from './search-text';

describe('request search text', () => {
	const text = buildSearchText({
		identifiers: ['THR-01-1405-000123', 'sn-۴۴۱۲-ab', null],
		texts: ['علي كريمي', 'یخچال برفک می‌زند', '', undefined]
	});

	it('finds serials whatever separators and digits were typed', () => {
		expect(text).toContain(normalizeSerial('SN 4412 AB').toLowerCase());
		expect(text).toContain('sn-4412-ab');
	});

	it('folds Arabic letters and half-spaces in names and complaints', () => {
		expect(text).toContain(normalizePersian('علی کریمی'));
		expect(text).toContain('می زند');
	});

	it('keeps the form number findable with and without dashes', () => {
		expect(text).toContain('thr-01-1405-000123');
		expect(text).toContain('thr011405000123');
	});

	it('skips blanks and repeats', () => {
		expect(buildSearchText({ identifiers: ['A1', 'a1'], texts: [' '] })).toBe('a1');
	});
});
