import { describe, expect, it } from 'vitest';
import { STATUSES } from './lifecycle';
import { maskMobile, normalizeCode, trackingStep } from './tracking';

describe('tracking page rules', () => {
	it('masks a mobile down to its prefix and last two digits', () => {
		expect(maskMobile('+989121234567')).toBe('0912 *** **67');
		expect(maskMobile('12')).toBe('***');
	});

	it('reads codes typed in Persian or Arabic digits, with spaces', () => {
		expect(normalizeCode('۱۲۳ ۴۵۶')).toBe('123456');
		expect(normalizeCode('١٢٣٤٥٦')).toBe('123456');
		expect(normalizeCode('12345')).toBeNull();
		expect(normalizeCode('12345a')).toBeNull();
	});

	it('gives every status a plain-words step', () => {
		for (const status of STATUSES) expect(trackingStep(status)).toBeTruthy();
		expect(trackingStep('awaiting_cost', true)).toBe('awaiting_answer');
		expect(trackingStep('awaiting_cost')).toBe('diagnosing');
		expect(trackingStep('ready_for_delivery')).toBe('ready');
	});
});
