import { describe, it, expect } from 'vitest';
import { formatJalaliDate, fromJalali } from './jalali';
import {
	evaluateReplacement,
	replacementWindowStart,
	resolveReplacementRule,
	type ReplacementRule
} from './replacement';

const rule: ReplacementRule = { windowMonths: 12, maxWarrantyRepairs: 3, maxCostPercent: 60 };

describe('evaluateReplacement', () => {
	it('does not flag a unit below both thresholds', () => {
		expect(
			evaluateReplacement(
				{
					repairsUnderWarrantyInWindow: 2,
					estimateRials: 5_999_999n,
					productPriceRials: 10_000_000n
				},
				rule
			)
		).toEqual({ flagged: false, reasons: [] });
	});

	it('flags a unit once it has reached the allowed number of warranty repairs', () => {
		expect(
			evaluateReplacement(
				{ repairsUnderWarrantyInWindow: 3, estimateRials: 0n, productPriceRials: 10_000_000n },
				rule
			)
		).toEqual({
			flagged: true,
			reasons: ['repairs']
		});
	});

	it('flags a repair costing at least the configured share of the price, to the Rial', () => {
		const facts = { repairsUnderWarrantyInWindow: 0, productPriceRials: 10_000_000n };
		expect(evaluateReplacement({ ...facts, estimateRials: 6_000_000n }, rule).reasons).toEqual([
			'cost'
		]);
		expect(evaluateReplacement({ ...facts, estimateRials: 5_999_999n }, rule).flagged).toBe(false);
	});

	it('reports both reasons together', () => {
		expect(
			evaluateReplacement(
				{
					repairsUnderWarrantyInWindow: 5,
					estimateRials: 9_000_000,
					productPriceRials: 10_000_000
				},
				rule
			)
		).toEqual({ flagged: true, reasons: ['repairs', 'cost'] });
	});

	it('stays exact with fractional percentages and prices beyond 2^53 Rials', () => {
		const fine = { ...rule, maxCostPercent: 62.5 };
		const price = 90_071_992_547_409_920n; // 10 × 2^53
		const threshold = (price * 625n) / 1000n;
		const facts = { repairsUnderWarrantyInWindow: 0, productPriceRials: price };
		expect(evaluateReplacement({ ...facts, estimateRials: threshold }, fine).flagged).toBe(true);
		expect(evaluateReplacement({ ...facts, estimateRials: threshold - 1n }, fine).flagged).toBe(
			false
		);
	});

	it('skips the cost criterion when the price or estimate is unknown', () => {
		const base = { repairsUnderWarrantyInWindow: 0 };
		expect(
			evaluateReplacement({ ...base, estimateRials: 1n, productPriceRials: 0n }, rule).flagged
		).toBe(false);
		expect(
			evaluateReplacement({ ...base, estimateRials: 1n, productPriceRials: null }, rule).flagged
		).toBe(false);
		expect(
			evaluateReplacement({ ...base, estimateRials: null, productPriceRials: 10n }, rule).flagged
		).toBe(false);
	});

	it('treats 0 as "criterion disabled"', () => {
		const facts = { repairsUnderWarrantyInWindow: 99, estimateRials: 99n, productPriceRials: 1n };
		expect(
			evaluateReplacement(facts, { windowMonths: 12, maxWarrantyRepairs: 0, maxCostPercent: 0 })
				.flagged
		).toBe(false);
	});

	it('refuses non-integer money and broken rules', () => {
		const facts = { repairsUnderWarrantyInWindow: 0, estimateRials: 1.5, productPriceRials: 10 };
		expect(() => evaluateReplacement(facts, rule)).toThrow(RangeError);
		expect(() =>
			evaluateReplacement({ ...facts, estimateRials: 1 }, { ...rule, maxWarrantyRepairs: -1 })
		).toThrow(RangeError);
	});
});

describe('resolveReplacementRule', () => {
	it('uses the category rule when the product has no override', () => {
		expect(resolveReplacementRule(rule)).toEqual(rule);
		expect(resolveReplacementRule(rule, null)).toEqual(rule);
	});

	it('lets a product override single fields of its category rule', () => {
		expect(resolveReplacementRule(rule, { maxCostPercent: 40 })).toEqual({
			...rule,
			maxCostPercent: 40
		});
		expect(resolveReplacementRule(rule, { maxWarrantyRepairs: 0 })).toEqual({
			...rule,
			maxWarrantyRepairs: 0
		});
	});

	it('accepts a complete product rule without a category, and returns null when nothing is complete', () => {
		expect(resolveReplacementRule(null, rule)).toEqual(rule);
		expect(resolveReplacementRule(null, { maxCostPercent: 40 })).toBeNull();
		expect(resolveReplacementRule(undefined)).toBeNull();
	});
});

describe('replacementWindowStart', () => {
	it('looks back whole Jalali months, clamping month ends', () => {
		expect(
			formatJalaliDate(
				replacementWindowStart(fromJalali(1404, 6, 31), { ...rule, windowMonths: 6 })
			)
		).toBe('1403/12/30');
		expect(formatJalaliDate(replacementWindowStart(fromJalali(1405, 12, 29), rule))).toBe(
			'1404/12/29'
		);
	});
});
