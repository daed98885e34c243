/**
 * Replacement threshold (آستانهٔ تعویض کالا): flags a unit for replacement instead of another repair
 * when it has been repaired too often under warranty, or when the repair would cost too large a
 * share of its price. Money is integer Rials; the comparison is done in bigint so no rounding
 * ever flips a decision.
 */
import { addJalaliMonths } from './jalali';

/** Threshold settings, set per category and optionally overridden per product. */
export interface ReplacementRule {
	/** Look-back window for counting warranty repairs, in Jalali months. */
	windowMonths: number;
	/** Warranty repairs in the window at which the unit is flagged; 0 disables this criterion. */
	maxWarrantyRepairs: number;
	/** Estimate as a percentage of the product price at which the unit is flagged (e.g. 60 or 62.5); 0 disables. */
	maxCostPercent: number;
}

/** Why a unit was flagged. */
export type ReplacementReason = 'repairs' | 'cost';

/** Result of evaluating the threshold for one unit. */
export interface ReplacementEvaluation {
	flagged: boolean;
	reasons: ReplacementReason[];
}

/** Facts about the unit and the current estimate. */
export interface ReplacementFacts {
	/** Completed warranty repairs of this unit inside the window, not counting the current request. */
	repairsUnderWarrantyInWindow: number;
	/** Current repair estimate in Rials; null when not yet estimated. */
	estimateRials: bigint | number | null;
	/** Product price in Rials; null or 0 when unknown, which skips the cost criterion. */
	productPriceRials: bigint | number | null;
}

function toRials(value: bigint | number, label: string): bigint {
	if (typeof value === 'bigint') return value;
	if (!Number.isSafeInteger(value))
		throw new RangeError(`${label} must be an integer number of Rials`);
	return BigInt(value);
}

function assertRule(rule: ReplacementRule): void {
	const { windowMonths, maxWarrantyRepairs, maxCostPercent } = rule;
	if (!Number.isInteger(windowMonths) || windowMonths < 0)
		throw new RangeError('windowMonths must be a whole number ≥ 0');
	if (!Number.isInteger(maxWarrantyRepairs) || maxWarrantyRepairs < 0) {
		throw new RangeError('maxWarrantyRepairs must be a whole number ≥ 0');
	}
	if (!Number.isFinite(maxCostPercent) || maxCostPercent < 0)
		throw new RangeError('maxCostPercent must be ≥ 0');
}

/**
 * Effective rule for a product: the product's own fields override its category's field by field;
 * null when neither gives a complete rule (the product is then never flagged).
 */
export function resolveReplacementRule(
	categoryRule: ReplacementRule | null | undefined,
	productOverride?: Partial<ReplacementRule> | null
): ReplacementRule | null {
	const pick = <K extends keyof ReplacementRule>(key: K): number | undefined =>
		productOverride?.[key] ?? categoryRule?.[key] ?? undefined;
	const windowMonths = pick('windowMonths');
	const maxWarrantyRepairs = pick('maxWarrantyRepairs');
	const maxCostPercent = pick('maxCostPercent');
	if (
		windowMonths === undefined ||
		maxWarrantyRepairs === undefined ||
		maxCostPercent === undefined
	)
		return null;
	const rule = { windowMonths, maxWarrantyRepairs, maxCostPercent };
	assertRule(rule);
	return rule;
}

/** Decides whether a unit has reached the replacement threshold, and why. */
export function evaluateReplacement(
	facts: ReplacementFacts,
	rule: ReplacementRule
): ReplacementEvaluation {
	assertRule(rule);
	const reasons: ReplacementReason[] = [];
	if (
		rule.maxWarrantyRepairs > 0 &&
		facts.repairsUnderWarrantyInWindow >= rule.maxWarrantyRepairs
	) {
		reasons.push('repairs');
	}
	if (rule.maxCostPercent > 0 && facts.estimateRials !== null && facts.productPriceRials !== null) {
		const estimate = toRials(facts.estimateRials, 'estimateRials');
		const price = toRials(facts.productPriceRials, 'productPriceRials');
		// percent → basis points so 62.5% stays exact: estimate / price ≥ bp / 10000
		const basisPoints = BigInt(Math.round(rule.maxCostPercent * 100));
		if (price > 0n && estimate * 10_000n >= price * basisPoints) reasons.push('cost');
	}
	return { flagged: reasons.length > 0, reasons };
}

/** Start of the look-back window for counting warranty repairs, `windowMonths` Jalali months before `now`. */
export function replacementWindowStart(now: Date, rule: ReplacementRule): Date {
	return addJalaliMonths(now, -rule.windowMonths);
}
