import { beforeAll, describe, expect, it } from 'vitest';
import { installDefaultChart } from '#lib/server/billing/accounts';
import {
	createInvoiceFromEstimate,
	getInvoice,
	postInvoice,
	recordPayment
} from '#lib/server/billing/invoices';
import { entriesOfSource } from '#lib/server/billing/ledger';
import { journalList, trialBalance } from '#lib/server/billing/reports';
import { getDb } from '#lib/server/db';
import type { Warehouse, WarehouseKind } from '#lib/server/db/schema';
import { declareEstimate, recordCustomerAnswer } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import { createDocument, listDocuments, postDocument } from '#lib/server/stock/documents';
import { ensureBranchWarehouses, stockOnHand } from '#lib/server/stock/warehouses';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let stores: Record<WarehouseKind, Warehouse>;

beforeAll(async () => {
	world = await buildWorld();
	const db = await getDb();
	stores = await db.transaction(async (tx) => {
		await installDefaultChart(tx);
		return ensureBranchWarehouses(tx, world.branchA.id);
	});
	const opening = await createDocument(world.actors.admin, {
		branchId: world.branchA.id,
		kind: 'receipt',
		moves: [
			{
				warehouseId: stores.main.id,
				productId: world.compressor.id,
				quantity: 3,
				unitCostRials: 60_000_000
			}
		]
	});
	await postDocument(world.actors.admin, opening.id);
});

async function paidRepair() {
	const { warranty } = await world.newWarrantedUnit();
	const request = await receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: warranty.serial,
		counterId: world.counters[0]!.id,
		delivererName: 'مریم کاظمی',
		complaint: 'کمپرسور صدا می‌دهد'
	});
	const order = await issueOrder(world.actors.dispatcher, {
		requestId: request.id,
		technicianId: world.actors.technician.user.id,
		priorityId: world.priority.id,
		serviceId: world.service.id
	});
	const estimate = await declareEstimate(world.actors.technician, {
		requestId: request.id,
		lines: [
			{ kind: 'part', productId: world.compressor.id, quantity: 1 },
			{ kind: 'service', serviceId: world.service.id, quantity: 1 },
			{ kind: 'labour', description: 'شارژ گاز', quantity: 1, unitPriceRials: '۱٬۰۰۰٬۰۰۵' }
		]
	});
	await recordCustomerAnswer(world.actors.reception, estimate.id, {
		decision: 'approve',
		via: 'staff'
	});
	await startRepair(world.actors.technician, request.id);
	const log = await logWork(world.actors.technician, {
		orderId: order.id,
		durationMinutes: 50,
		description: 'کمپرسور تعویض شد',
		parts: [
			{
				productId: world.compressor.id,
				quantity: 1,
				newSerial: 'CP-SOLD-1',
				removedSerial: 'CP-BAD-1'
			}
		]
	});
	await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 88 });
	return { request, estimate };
}

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
