/**
 * The legal layout of an Iranian sales invoice (صورتحساب فروش کالا و خدمات) shows discount, VAT
 * and total per line, while the invoice computes them once on the whole (see invoiceTotals). This
 * spreads the invoice-level figures over the lines so every column adds up exactly to the totals.
 */

export interface PrintLineInput {
	/** The line's amount before discount (positive; discount lines are not passed in). */
	amountRials: bigint;
}

export interface PrintLine {
	amountRials: bigint;
	discountRials: bigint;
	netRials: bigint;
	vatRials: bigint;
	totalRials: bigint;
}

/**
 * Splits `total` over `weights` in proportion, by largest remainder (ties to the earlier line),
 * so the parts are whole Rials and add up to `total` exactly.
 */
export function allocateProportionally(total: bigint, weights: readonly bigint[]): bigint[] {
	const sum = weights.reduce((a, b) => a + b, 0n);
	if (weights.length === 0) return [];
	if (sum <= 0n) {
		// Nothing to weigh by: everything on the first line.
		return weights.map((_, i) => (i === 0 ? total : 0n));
	}
	const shares = weights.map((w) => (total * w) / sum);
	const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
	let left = total - shares.reduce((a, b) => a + b, 0n);
	remainders.sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
	for (const { i } of remainders) {
		if (left <= 0n) break;
		shares[i] = shares[i]! + 1n;
		left -= 1n;
	}
	return shares;
}

/**
 * Per-line discount, net, VAT and total for printing; the columns sum to the invoice's discount,
 * net, VAT and total (the invoice's own rounded VAT is spread, never recomputed per line).
 */
export function printLines(
	lines: readonly PrintLineInput[],
	invoice: { discountRials: bigint; vatRials: bigint }
): PrintLine[] {
	const amounts = lines.map((l) => l.amountRials);
	const discounts = allocateProportionally(invoice.discountRials, amounts);
	const nets = amounts.map((a, i) => a - discounts[i]!);
	const vats = allocateProportionally(invoice.vatRials, nets);
	return lines.map((l, i) => ({
		amountRials: l.amountRials,
		discountRials: discounts[i]!,
		netRials: nets[i]!,
		vatRials: vats[i]!,
		totalRials: nets[i]! + vats[i]!
	}));
}

/** What a printed or listed invoice or credit-note line names: its product or service. */
export interface NamedLine {
	productCode: string | null;
	productNameFa: string | null;
	productNameEn: string | null;
	serviceCode: string | null;
	serviceNameFa: string | null;
	serviceNameEn: string | null;
	description: string | null;
}

/** A line's product or service name in the page's language, then its description. */
export function documentLineName(line: NamedLine, locale: 'fa' | 'en'): string {
	const fa = locale === 'fa';
	const name = line.productCode
		? fa
			? line.productNameFa
			: line.productNameEn
		: line.serviceCode
			? fa
				? line.serviceNameFa
				: line.serviceNameEn
			: '';
	return [name, line.description].filter(Boolean).join(' — ');
}
