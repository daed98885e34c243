/**
 * Technician performance → payroll adjustment. Pure: the figures come from QC scores and SLA
 * outcomes of one Jalali month; the rule is configuration, stored with the month when it is locked.
 */

export interface PayrollRule {
	/** Performance at which nothing is added or deducted (0–100). */
	targetScore: number;
	/** Rials added per point above the target. */
	bonusPerPointRials: bigint;
	/** Rials deducted per point below the target. */
	deductionPerPointRials: bigint;
	/** Share of the on-time rate in the figure, in basis points (3000 = 30 %); the rest is the QC average. */
	slaWeightBp: number;
}

export const DEFAULT_PAYROLL_RULE: PayrollRule = {
	targetScore: 80,
	bonusPerPointRials: 500_000n,
	deductionPerPointRials: 300_000n,
	slaWeightBp: 3000
};

export interface TechnicianMonth {
	/** Average QC score (0–100) of the month's reviews; null when nothing was reviewed. */
	averageQcScore: number | null;
	ordersClosed: number;
	ordersOnTime: number;
}

/**
 * The month's performance figure, a whole number 0–100 (half-up): QC average and on-time rate
 * blended by the rule's SLA weight. With no closed orders the QC average stands alone; with no
 * reviews there is no figure.
 */
export function performanceFigure(month: TechnicianMonth, rule: PayrollRule): number | null {
	if (month.averageQcScore === null) return null;
	if (month.ordersClosed === 0) return Math.round(month.averageQcScore);
	const onTime = (month.ordersOnTime / month.ordersClosed) * 100;
	const w = rule.slaWeightBp / 10_000;
	return Math.round(month.averageQcScore * (1 - w) + onTime * w);
}

/** The payroll adjustment in Rials: positive bonus above the target, negative deduction below. */
export function payrollAdjustment(figure: number | null, rule: PayrollRule): bigint {
	if (figure === null) return 0n;
	const diff = BigInt(figure - rule.targetScore);
	return diff >= 0n ? diff * rule.bonusPerPointRials : diff * rule.deductionPerPointRials;
}

/** `1405-03` for Jalali year 1405, month 3 (Khordad); null if malformed. */
export function parseJalaliMonth(text: string): { jy: number; jm: number } | null {
	const match = /^(\d{4})-(\d{2})$/.exec(text);
	if (!match) return null;
	const jy = Number(match[1]);
	const jm = Number(match[2]);
	return jm >= 1 && jm <= 12 ? { jy, jm } : null;
}
