import { beforeAll, describe, expect, it } from 'vitest';
import {
	createInvoiceFromEstimate,
	getInvoice,
	postInvoice,
	recordPayment
} from '#lib/server/billing/invoices';
import { entriesOfSource } from '#lib/server/billing/ledger';
import { journalList, trialBalance } from '#lib/server/billing/reports';
import { getDb } from '#lib/server/db';
import { listDocuments } from '#lib/server/stock/documents';
import { stockOnHand } from '#lib/server/stock/warehouses';
import { buildBooksWorld, stockCompressors, approvedRepair, type Stores } from './billing-fixtures';
import type { World } from './service-fixtures';

let world: World;
let stores: Stores;

beforeAll(async () => {
	({ world, stores } = await buildBooksWorld());
	await stockCompressors(world, stores, 3);
});

/** The repair, with the labour price typed in Persian digits. */
const paidRepair = () =>
	approvedRepair(world, {
		newSerial: 'CP-SOLD-1',
		removedSerial: 'CP-BAD-1',
		labourPrice: '۱٬۰۰۰٬۰۰۵',
		delivererName: 'مریم کاظمی',
		score: 88
	});

describe('a paid repair', () => {
	it('invoices the approved estimate, posts the sales issue with it, takes payments and keeps the books balanced', async () => {
		const { request, estimate } = await paidRepair();
		let docs = await listDocuments(world.actors.admin, { requestId: request.id });
		expect(docs.find((d) => d.kind === 'sales_issue')?.status).toBe('draft');
		expect(docs.find((d) => d.kind === 'scrap_receipt')?.status).toBe('posted');
		expect(docs.some((d) => d.kind === 'warranty_issue')).toBe(false);

		const invoice = await createInvoiceFromEstimate(world.actors.admin, {
			estimateId: estimate.id,
			discountRials: '5'
		});
		expect(invoice.number).toMatch(new RegExp(`^${world.branchA.code}-\\d{4}-F\\d{6}$`));
		expect(invoice.lines.map((l) => l.kind)).toEqual(['part', 'service', 'labour', 'discount']);
		// 90,000,000 + 15,000,000 + 1,000,005 − 5 = 106,000,000 net; VAT 10 % = 10,600,000.
		expect(invoice.subtotalRials).toBe(106_000_005n);
		expect(invoice.discountRials).toBe(5n);
		expect(invoice.vatRials).toBe(10_600_000n);
		expect(invoice.totalRials).toBe(116_600_000n);
		await expect(
			createInvoiceFromEstimate(world.actors.admin, { estimateId: estimate.id })
		).rejects.toMatchObject({ status: 409, code: 'already_invoiced' });
		await expect(
			recordPayment(world.actors.admin, invoice.id, { method: 'cash', amountRials: 1 })
		).rejects.toMatchObject({ status: 409 });

		const posted = await postInvoice(world.actors.admin, invoice.id);
		expect(posted.status).toBe('posted');
		docs = await listDocuments(world.actors.admin, { requestId: request.id });
		const issue = docs.find((d) => d.kind === 'sales_issue')!;
		expect(issue.status).toBe('posted');
		expect(issue.invoiceId).toBe(invoice.id);
		const main = await stockOnHand(world.actors.admin, stores.main.id);
		expect(main.find((r) => r.productId === world.compressor.id)?.quantity).toBe(2);

		const db = await getDb();
		const [sale] = await entriesOfSource(db, 'invoice', [invoice.id]);
		expect(sale!.lines.map((l) => [l.role, l.debitRials, l.creditRials])).toEqual([
			['receivables', 116_600_000n, 0n],
			['revenue', 0n, 106_000_000n],
			['vat_payable', 0n, 10_600_000n]
		]);
		const [cogs] = await entriesOfSource(db, 'stock_document', [issue.id]);
		expect(cogs!.lines.map((l) => [l.role, l.debitRials])).toEqual([
			['cogs', 60_000_000n],
			['inventory', 0n]
		]);

		const partial = await recordPayment(world.actors.admin, invoice.id, {
			method: 'cash',
			amountRials: '۱۰۰٬۰۰۰٬۰۰۰'
		});
		expect(partial.balanceRials).toBe(16_600_000n);
		await expect(
			recordPayment(world.actors.admin, invoice.id, { method: 'card', amountRials: 16_600_001 })
		).rejects.toMatchObject({
			status: 422,
			fields: { amountRials: { key: 'billing.error.overpayment' } }
		});
		const settled = await recordPayment(world.actors.admin, invoice.id, {
			method: 'transfer',
			amountRials: 16_600_000
		});
		expect(settled.balanceRials).toBe(0n);
		expect(settled.payments.map((p) => p.method)).toEqual(['cash', 'transfer']);

		const today = new Date().toISOString().slice(0, 10);
		const balance = await trialBalance(world.actors.admin, { from: today, to: today });
		expect(balance.totalDebitRials).toBe(balance.totalCreditRials);
		const receivable = balance.lines.find((l) => l.code === '1301')!;
		expect(receivable.balanceRials).toBe(0n);
		expect(balance.lines.find((l) => l.code === '1101')!.debitRials).toBe(100_000_000n);
		expect(balance.lines.find((l) => l.code === '1102')!.debitRials).toBe(16_600_000n);
		const journal = await journalList(world.actors.admin, { from: today, to: today });
		expect(journal.every((e) => e.totalDebitRials === e.totalCreditRials)).toBe(true);
		expect(journal.some((e) => e.sourceType === 'payment')).toBe(true);
		expect((await getInvoice(world.actors.admin, invoice.id)).paidRials).toBe(116_600_000n);
	});

	it('keeps invoices to people with the invoices permission', async () => {
		await expect(
			createInvoiceFromEstimate(world.actors.technician, { estimateId: 1 })
		).rejects.toMatchObject({ status: 403 });
		await expect(
			trialBalance(world.actors.technician, { from: '2026-01-01', to: '2026-01-02' })
		).rejects.toMatchObject({ status: 403 });
	});
});
