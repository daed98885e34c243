import { describe, expect, it } from 'vitest';
import { WEBHOOK_MAX_ATTEMPTS, wantsEvent, webhookRetryDelayMs } from './webhook-retry';

describe('webhookRetryDelayMs', () => {
	it('doubles from 30 seconds', () => {
		expect(webhookRetryDelayMs(1)).toBe(30_000);
		expect(webhookRetryDelayMs(2)).toBe(60_000);
		expect(webhookRetryDelayMs(3)).toBe(120_000);
	});
	it('never waits more than six hours (plus jitter)', () => {
		expect(webhookRetryDelayMs(50)).toBe(6 * 3_600_000);
		expect(webhookRetryDelayMs(50, 1)).toBe(Math.round(6 * 3_600_000 * 1.2));
	});
	it('adds at most 20 % jitter and clamps odd inputs', () => {
		expect(webhookRetryDelayMs(1, 0.5)).toBe(33_000);
		expect(webhookRetryDelayMs(1, 7)).toBe(36_000);
		expect(webhookRetryDelayMs(0, -1)).toBe(30_000);
	});
	it('gives a delivery several attempts spread over hours', () => {
		let total = 0;
		for (let i = 1; i < WEBHOOK_MAX_ATTEMPTS; i++) total += webhookRetryDelayMs(i);
		expect(total).toBeGreaterThan(3_600_000);
	});
});

describe('wantsEvent', () => {
	it('takes everything with an empty filter', () => {
		expect(wantsEvent([], 'invoice.posted')).toBe(true);
	});
	it('matches families and exact types', () => {
		expect(wantsEvent(['invoice.*'], 'invoice.posted')).toBe(true);
		expect(wantsEvent(['invoice.'], 'invoice.payment_recorded')).toBe(true);
		expect(wantsEvent(['invoice.*'], 'invoices.posted')).toBe(false);
		expect(wantsEvent(['payroll_month.locked'], 'payroll_month.locked')).toBe(true);
		expect(wantsEvent(['payroll_month.locked'], 'payroll_month.opened')).toBe(false);
		expect(wantsEvent(['*'], 'anything')).toBe(true);
	});
});
