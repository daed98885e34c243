import { describe, expect, it } from 'vitest';
import { creditNoteFigures, creditStateOf, invoiceBalance, splitCredit } from './credit-note';
import { isBalanced, journalLinesFor } from './journal';
import { computeVat } from './money';

// An invoice of three lines at 9 % VAT with a 10-Rial discount: 1,000 + 333 + 7 = 1,340;
// net 1,330; VAT 119.7 → 120; total 1,450.
const invoice = { subtotalRials: 1340n, discountRials: 10n, vatRials: 120n, vatRateBp: 900 };
const lines = [
	{ id: 1, kind: 'part' as const, quantity: 4, unitPriceRials: 250n, amountRials: 1000n },
	{ id: 2, kind: 'labour' as const, quantity: 1, unitPriceRials: 333n, amountRials: 333n },
	{ id: 3, kind: 'service' as const, quantity: 1, unitPriceRials: 7n, amountRials: 7n },
	{ id: 4, kind: 'discount' as const, quantity: 1, unitPriceRials: 10n, amountRials: -10n }
].map((l) => ({ ...l, creditedQuantity: 0, creditedAmountRials: 0n }));
const none = { subtotalRials: 0n, discountRials: 0n, vatRials: 0n };

describe('credit note figures', () => {
	it('shares the discount and charges VAT on the credited net, each rounded half-up once', () => {
		// 1 of 4 parts: 250; discount 250 × 10 / 1,340 = 1.87 → 2; VAT 9 % of 248 = 22.32 → 22.
		const f = creditNoteFigures(
			invoice,
			lines,
			none,
			[{ invoiceLineId: 1, quantity: 1 }],
			computeVat
		);
		expect([f.subtotalRials, f.discountRials, f.vatRials, f.totalRials]).toEqual([
			250n,
			2n,
			22n,
			270n
		]);
	});

	it('lets the credit note that finishes the invoice take exactly the remainders', () => {
		const taken = lines.map((l) =>
			l.id === 1 ? { ...l, creditedQuantity: 1, creditedAmountRials: 250n } : l
		);
		const f = creditNoteFigures(
			invoice,
			taken,
			{ subtotalRials: 250n, discountRials: 2n, vatRials: 22n },
			[
				{ invoiceLineId: 1, quantity: 3 },
				{ invoiceLineId: 2, quantity: 1 },
				{ invoiceLineId: 3, quantity: 1 }
			],
			computeVat
		);
		expect([f.subtotalRials, f.discountRials, f.vatRials]).toEqual([1090n, 8n, 98n]);
		expect(270n + f.totalRials).toBe(1450n);
	});

	it('refuses more than is left on a line, and the discount line itself', () => {
		expect(() =>
			creditNoteFigures(invoice, lines, none, [{ invoiceLineId: 1, quantity: 5 }], computeVat)
		).toThrow('over_credit');
		expect(() =>
			creditNoteFigures(invoice, lines, none, [{ invoiceLineId: 4, quantity: 1 }], computeVat)
		).toThrow('discount_line');
		expect(() => creditNoteFigures(invoice, lines, none, [], computeVat)).toThrow('empty');
	});

	it('cancels the unpaid part first and owes back the rest', () => {
		expect(splitCredit(300n, 1000n)).toEqual({ appliedRials: 300n, refundRials: 0n });
		expect(splitCredit(300n, 100n)).toEqual({ appliedRials: 100n, refundRials: 200n });
		expect(splitCredit(300n, 0n)).toEqual({ appliedRials: 0n, refundRials: 300n });
		const invoiceState = {
			totalRials: 1450n,
			paidRials: 1000n,
			creditedRials: 650n,
			refundDueRials: 200n
		};
		expect(invoiceBalance(invoiceState)).toBe(0n);
		expect(creditStateOf(1450n, 650n)).toBe('partial');
		expect(creditStateOf(1450n, 1450n)).toBe('full');
	});

	it('journals a credit note balanced: sales returns and VAT against receivable and refunds', () => {
		const lines = journalLinesFor({
			type: 'credit_note',
			netRials: 248n,
			vatRials: 22n,
			appliedRials: 70n,
			refundRials: 200n
		});
		expect(isBalanced(lines)).toBe(true);
		expect(lines.map((l) => l.role)).toEqual([
			'sales_returns',
			'vat_payable',
			'receivables',
			'refunds_payable'
		]);
		expect(() =>
			journalLinesFor({
				type: 'credit_note',
				netRials: 1n,
				vatRials: 0n,
				appliedRials: 0n,
				refundRials: 0n
			})
		).toThrow(RangeError);
		expect(
			journalLinesFor({ type: 'refund', method: 'transfer', amountRials: 200n }).map((l) => [
				l.role,
				l.debit,
				l.credit
			])
		).toEqual([
			['refunds_payable', 200n, 0n],
			['bank', 0n, 200n]
		]);
	});
});
