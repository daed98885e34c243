import { describe, expect, it } from 'vitest';
import { computeVat } from './money';
import { allocateProportionally, printLines, documentLineName } from './invoice-print';

describe('allocateProportionally', () => {
	it('splits in proportion and keeps the sum exact', () => {
		expect(allocateProportionally(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
		expect(allocateProportionally(10n, [3n, 7n])).toEqual([3n, 7n]);
		const parts = allocateProportionally(1_000_003n, [123_457n, 9_876_543n, 1n]);
		expect(parts.reduce((a, b) => a + b, 0n)).toBe(1_000_003n);
	});
	it('gives the odd Rial to the largest remainder', () => {
		expect(allocateProportionally(1n, [1n, 3n])).toEqual([0n, 1n]);
	});
	it('puts everything on the first line when there is nothing to weigh by', () => {
		expect(allocateProportionally(5n, [0n, 0n])).toEqual([5n, 0n]);
		expect(allocateProportionally(5n, [])).toEqual([]);
	});
});

describe('printLines', () => {
	it('spreads discount and the invoice VAT so each column adds up to the totals', () => {
		const amounts = [85_000_000n, 2_500_000n, 1_000_005n];
		const discount = 333_333n;
		const net = amounts.reduce((a, b) => a + b, 0n) - discount;
		const vat = computeVat(net, 1000);
		const lines = printLines(
			amounts.map((amountRials) => ({ amountRials })),
			{ discountRials: discount, vatRials: vat }
		);
		const sum = (k: keyof (typeof lines)[number]) => lines.reduce((a, l) => a + l[k], 0n);
		expect(sum('discountRials')).toBe(discount);
		expect(sum('netRials')).toBe(net);
		expect(sum('vatRials')).toBe(vat);
		expect(sum('totalRials')).toBe(net + vat);
		for (const l of lines) expect(l.netRials + l.vatRials).toBe(l.totalRials);
	});
	it('leaves lines untouched when there is no discount and no VAT', () => {
		expect(printLines([{ amountRials: 7n }], { discountRials: 0n, vatRials: 0n })).toEqual([
			{ amountRials: 7n, discountRials: 0n, netRials: 7n, vatRials: 0n, totalRials: 7n }
		]);
	});
});

describe('documentLineName', () => {
	const none = {
		productCode: null,
		productNameFa: null,
		productNameEn: null,
		serviceCode: null,
		serviceNameFa: null,
		serviceNameEn: null,
		description: null
	};

	it('names the product (else the service) in the page language, then the description', () => {
		const part = { ...none, productCode: 'P1', productNameFa: 'برد', productNameEn: 'Board' };
		expect(documentLineName({ ...part, description: 'سریال ۱' }, 'fa')).toBe('برد — سریال ۱');
		expect(documentLineName(part, 'en')).toBe('Board');
		const labour = { ...none, serviceCode: 'S1', serviceNameFa: 'اجرت', serviceNameEn: 'Labour' };
		expect(documentLineName(labour, 'fa')).toBe('اجرت');
		expect(documentLineName({ ...none, description: 'Freight' }, 'en')).toBe('Freight');
		expect(documentLineName(none, 'fa')).toBe('');
	});
});
