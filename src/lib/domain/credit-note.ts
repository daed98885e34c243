/**
 * Credit notes (اعلامیهٔ بستانکار / برگشت از فروش) against a posted invoice. Pure arithmetic: the
 * invoice never changes, each credit note takes a share of its lines, of its discount and of its
 * VAT, and together they can never take more than the invoice held.
 */

export interface CreditableLine {
	id: number;
	kind: 'part' | 'labour' | 'service' | 'discount';
	quantity: number;
	unitPriceRials: bigint;
	amountRials: bigint;
	/** Quantity and amount already taken by earlier posted credit notes. */
	creditedQuantity: number;
	creditedAmountRials: bigint;
}

export interface InvoiceFigures {
	subtotalRials: bigint;
	discountRials: bigint;
	vatRials: bigint;
	vatRateBp: number;
}

/** What earlier posted credit notes of the invoice already took. */
export interface CreditedSoFar {
	subtotalRials: bigint;
	discountRials: bigint;
	vatRials: bigint;
}

export interface CreditRequestLine {
	invoiceLineId: number;
	quantity: number;
}

export interface CreditNoteFigures {
	lines: { invoiceLineId: number; quantity: number; unitPriceRials: bigint; amountRials: bigint }[];
	subtotalRials: bigint;
	discountRials: bigint;
	vatRials: bigint;
	totalRials: bigint;
}

export class CreditError extends Error {
	constructor(
		readonly code: 'unknown_line' | 'discount_line' | 'over_credit' | 'empty',
		readonly invoiceLineId: number | null,
		readonly available = 0
	) {
		super(code);
	}
}

const MILLI = 1000n;

function milli(quantity: number): bigint {
	return BigInt(Math.round(quantity * 1000));
}

/** a × b / c rounded half up (all non-negative). */
function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
	if (c === 0n) return 0n;
	return (a * b * 2n + c) / (2n * c);
}

/**
 * The figures of a credit note for the requested quantities. A line's amount is quantity × unit
 * price (to the Rial, or the whole remaining amount when the rest of the line is credited, so a
 * line credited in pieces adds up to exactly what was invoiced); the invoice discount is shared
 * in proportion to the credited amount and VAT is charged on the credited net at the invoice's
 * rate, each rounded half-up once. The credit note that finishes the invoice takes exactly the
 * remainders, and no credit note takes more discount or VAT than is left, so all credit notes
 * of an invoice never add up to more than the invoice.
 */
export function creditNoteFigures(
	invoice: InvoiceFigures,
	lines: readonly CreditableLine[],
	previous: CreditedSoFar,
	request: readonly CreditRequestLine[],
	computeVat: (amount: bigint, rateBp: number) => bigint
): CreditNoteFigures {
	const wanted = new Map<number, number>();
	for (const r of request) {
		if (!(r.quantity > 0)) continue;
		wanted.set(r.invoiceLineId, (wanted.get(r.invoiceLineId) ?? 0) + r.quantity);
	}
	if (!wanted.size) throw new CreditError('empty', null);
	const out: CreditNoteFigures['lines'] = [];
	for (const [lineId, quantity] of wanted) {
		const line = lines.find((l) => l.id === lineId);
		if (!line) throw new CreditError('unknown_line', lineId);
		if (line.kind === 'discount') throw new CreditError('discount_line', lineId);
		const left = milli(line.quantity) - milli(line.creditedQuantity);
		if (milli(quantity) > left) throw new CreditError('over_credit', lineId, Number(left) / 1000);
		const amount =
			milli(quantity) === left
				? line.amountRials - line.creditedAmountRials
				: mulDivHalfUp(milli(quantity), line.unitPriceRials, MILLI);
		out.push({
			invoiceLineId: lineId,
			quantity,
			unitPriceRials: line.unitPriceRials,
			amountRials: amount
		});
	}
	const subtotal = out.reduce((s, l) => s + l.amountRials, 0n);
	const finishes = lines
		.filter((l) => l.kind !== 'discount')
		.every((l) => milli(l.creditedQuantity) + milli(wanted.get(l.id) ?? 0) === milli(l.quantity));
	const discountLeft = invoice.discountRials - previous.discountRials;
	const vatLeft = invoice.vatRials - previous.vatRials;
	let discount: bigint;
	let vat: bigint;
	if (finishes) {
		discount = discountLeft;
		vat = vatLeft;
	} else {
		discount = mulDivHalfUp(subtotal, invoice.discountRials, invoice.subtotalRials);
		if (discount > discountLeft) discount = discountLeft;
		if (discount > subtotal) discount = subtotal;
		vat = computeVat(subtotal - discount, invoice.vatRateBp);
		if (vat > vatLeft) vat = vatLeft;
	}
	return {
		lines: out,
		subtotalRials: subtotal,
		discountRials: discount,
		vatRials: vat,
		totalRials: subtotal - discount + vat
	};
}

/**
 * How a posted credit note settles: it first cancels what is still unpaid (reducing the
 * receivable); whatever exceeds that was already paid and is owed back to the buyer.
 */
export function splitCredit(
	creditTotal: bigint,
	balanceDue: bigint
): { appliedRials: bigint; refundRials: bigint } {
	const due = balanceDue > 0n ? balanceDue : 0n;
	const applied = creditTotal < due ? creditTotal : due;
	return { appliedRials: applied, refundRials: creditTotal - applied };
}

/** Balance due of an invoice: total − paid − the credits that cancelled unpaid amounts. */
export function invoiceBalance(invoice: {
	totalRials: bigint;
	paidRials: bigint;
	creditedRials: bigint;
	refundDueRials: bigint;
}): bigint {
	return invoice.totalRials - invoice.paidRials - (invoice.creditedRials - invoice.refundDueRials);
}

/** none, partial or full: how much of an invoice's total has been credited. */
export function creditStateOf(
	totalRials: bigint,
	creditedRials: bigint
): 'none' | 'partial' | 'full' {
	if (creditedRials <= 0n) return 'none';
	return creditedRials >= totalRials ? 'full' : 'partial';
}
