import { describe, expect, it } from 'vitest';
import {
	DEFAULT_PAYROLL_RULE,
	parseJalaliMonth,
	payrollAdjustment,
	performanceFigure
} from './payroll';

const rule = DEFAULT_PAYROLL_RULE;

describe('payroll rule', () => {
	it('blends the QC average with the on-time rate by the SLA weight', () => {
		// 90 × 0.7 + 50 × 0.3 = 78
		expect(performanceFigure({ averageQcScore: 90, ordersClosed: 4, ordersOnTime: 2 }, rule)).toBe(
			78
		);
	});

	it('uses the QC average alone when no order closed, and gives no figure without reviews', () => {
		expect(
			performanceFigure({ averageQcScore: 84.5, ordersClosed: 0, ordersOnTime: 0 }, rule)
		).toBe(85);
		expect(
			performanceFigure({ averageQcScore: null, ordersClosed: 3, ordersOnTime: 3 }, rule)
		).toBeNull();
	});

	it('pays a bonus per point above the target and deducts per point below', () => {
		expect(payrollAdjustment(85, rule)).toBe(2_500_000n);
		expect(payrollAdjustment(80, rule)).toBe(0n);
		expect(payrollAdjustment(70, rule)).toBe(-3_000_000n);
		expect(payrollAdjustment(null, rule)).toBe(0n);
	});

	it('reads Jalali months', () => {
		expect(parseJalaliMonth('1405-03')).toEqual({ jy: 1405, jm: 3 });
		expect(parseJalaliMonth('1405-13')).toBeNull();
	});
});
