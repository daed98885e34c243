import { describe, expect, it } from 'vitest';
import { computeVat } from './money';
import { entryTotals, invoiceTotals, isBalanced, journalLinesFor, type StockKind } from './journal';

describe('journal generation', () => {
	it('charges warranty parts to warranty expense and takes them out of inventory', () => {
		const lines = journalLinesFor({
			type: 'stock',
			kind: 'warranty_issue',
			valueRials: 90_000_000n
		});
		expect(lines).toEqual([
			{ role: 'warranty_expense', debit: 90_000_000n, credit: 0n },
			{ role: 'inventory', debit: 0n, credit: 90_000_000n }
		]);
		expect(isBalanced(lines)).toBe(true);
	});

	it('books a sales issue as cost of goods sold', () => {
		const lines = journalLinesFor({ type: 'stock', kind: 'sales_issue', valueRials: 4_000_000n });
		expect(lines.map((l) => l.role)).toEqual(['cogs', 'inventory']);
		expect(isBalanced(lines)).toBe(true);
	});

	it('puts a stock receipt into inventory against payables', () => {
		const lines = journalLinesFor({ type: 'stock', kind: 'receipt', valueRials: 10n });
		expect(lines[0]).toMatchObject({ role: 'inventory', debit: 10n });
		expect(lines[1]).toMatchObject({ role: 'payables', credit: 10n });
	});

	it('swaps the sides for a reversal (negative value)', () => {
		const lines = journalLinesFor({ type: 'stock', kind: 'warranty_issue', valueRials: -5n });
		expect(lines).toEqual([
			{ role: 'inventory', debit: 5n, credit: 0n },
			{ role: 'warranty_expense', debit: 0n, credit: 5n }
		]);
	});

	it('moves no money for consignment, transfers or zero-valued documents', () => {
		const kinds: StockKind[] = ['consignment_receipt', 'consignment_return', 'transfer'];
		for (const kind of kinds)
			expect(journalLinesFor({ type: 'stock', kind, valueRials: 100n })).toEqual([]);
		expect(journalLinesFor({ type: 'stock', kind: 'scrap_receipt', valueRials: 0n })).toEqual([]);
	});

	it('books an invoice as receivable against revenue and VAT payable', () => {
		const lines = journalLinesFor({ type: 'invoice', netRials: 100_000n, vatRials: 10_000n });
		expect(lines).toEqual([
			{ role: 'receivables', debit: 110_000n, credit: 0n },
			{ role: 'revenue', debit: 0n, credit: 100_000n },
			{ role: 'vat_payable', debit: 0n, credit: 10_000n }
		]);
		expect(entryTotals(lines)).toEqual({ debit: 110_000n, credit: 110_000n });
	});

	it('books cash into the till and card or transfer into the bank', () => {
		expect(
			journalLinesFor({ type: 'payment', method: 'cash', amountRials: 7n }).map((l) => l.role)
		).toEqual(['cash', 'receivables']);
		expect(
			journalLinesFor({ type: 'payment', method: 'card', amountRials: 7n }).map((l) => l.role)
		).toEqual(['bank', 'receivables']);
		expect(journalLinesFor({ type: 'payment', method: 'transfer', amountRials: 7n })[0]!.role).toBe(
			'bank'
		);
	});

	it('refuses unbalanced or one-sided entries', () => {
		expect(
			isBalanced([
				{ debit: 1n, credit: 0n },
				{ debit: 0n, credit: 2n }
			])
		).toBe(false);
		expect(
			isBalanced([
				{ debit: 1n, credit: 1n },
				{ debit: 0n, credit: 0n }
			])
		).toBe(false);
		expect(isBalanced([{ debit: 1n, credit: 0n }])).toBe(false);
	});
});

describe('invoice totals', () => {
	it('charges VAT once on the net after discount, rounded half-up to the Rial', () => {
		const totals = invoiceTotals(
			[
				{ kind: 'part', amountRials: 1_005n },
				{ kind: 'labour', amountRials: 1_000n },
				{ kind: 'discount', amountRials: -10n }
			],
			1000,
			computeVat
		);
		// 1995 × 10 % = 199.5 → 200
		expect(totals).toEqual({
			subtotal: 2_005n,
			discount: 10n,
			net: 1_995n,
			vat: 200n,
			total: 2_195n
		});
	});

	it('rounds 0.4 of a Rial down', () => {
		expect(invoiceTotals([{ kind: 'service', amountRials: 1_234n }], 1000, computeVat).vat).toBe(
			123n
		);
	});

	it('refuses a discount larger than the goods and work', () => {
		expect(() =>
			invoiceTotals(
				[
					{ kind: 'part', amountRials: 5n },
					{ kind: 'discount', amountRials: -6n }
				],
				1000,
				computeVat
			)
		).toThrow();
	});
});
