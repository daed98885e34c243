// Credit notes against posted invoices: partial and whole credits with hand-computed VAT
// rounding, refunds owed once the credit passes what was unpaid, parts back to stock, the
// over-credit refusal (also under concurrency) and a stock ledger that still checks clean.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	createCreditNote,
	creditNoteList,
	getCreditNote,
	listCreditNotes,
	postCreditNote,
	recordRefund
} from '#lib/server/billing/credit-notes';
import {
	createInvoiceFromEstimate,
	getInvoice,
	postInvoice,
	recordPayment
} from '#lib/server/billing/invoices';
import { entriesOfSource } from '#lib/server/billing/ledger';
import { trialBalance } from '#lib/server/billing/reports';
import { invoiceList, invoicePage } from '#lib/server/billing/views';
import { getDb } from '#lib/server/db';
import { outbox } from '#lib/server/db/schema';
import { checkStockConsistency } from '#lib/server/stock/check';
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

/** A paid repair with a compressor (90,000,000), a service (15,000,000) and labour (1,000,005). */
async function postedInvoice(serial: string) {
	const { estimate } = await approvedRepair(world, {
		newSerial: serial,
		removedSerial: `${serial}-X`
	});
	const invoice = await createInvoiceFromEstimate(world.actors.admin, {
		estimateId: estimate.id,
		discountRials: '5'
	});
	await postInvoice(world.actors.admin, invoice.id);
	// 106,000,005 − 5 = 106,000,000 net; VAT 10 % = 10,600,000; total 116,600,000.
	const posted = await getInvoice(world.actors.admin, invoice.id);
	expect(posted.totalRials).toBe(116_600_000n);
	const line = (kind: string) => posted.lines.find((l) => l.kind === kind)!.id;
	return { invoice: posted, part: line('part'), service: line('service'), labour: line('labour') };
}

async function compressorsOnHand(): Promise<number> {
	const rows = await stockOnHand(world.actors.admin, stores.main.id);
	return rows.find((r) => r.productId === world.compressor.id)?.quantity ?? 0;
}

async function roles(creditNoteId: number) {
	const [entry] = await entriesOfSource(await getDb(), 'credit_note', [creditNoteId]);
	return entry!.lines.map((l) => [l.role, l.debitRials, l.creditRials]);
}

describe('credit notes', () => {
	it('credits an invoice in three steps whose rounded figures add up to it exactly, refunding what was already paid', async () => {
		const { invoice, part, service, labour } = await postedInvoice('CN-SOLD-1');
		expect(await compressorsOnHand()).toBe(2);
		await recordPayment(world.actors.admin, invoice.id, {
			method: 'cash',
			amountRials: 50_000_000
		});

		// Labour alone: discount share 1,000,005 × 5 / 106,000,005 = 0.047 → 0; VAT 100,000.5 → 100,001.
		const first = await createCreditNote(world.actors.admin, invoice.id, {
			reason: 'اجرت شارژ گاز اشتباهی حساب شده بود',
			lines: [{ invoiceLineId: labour, quantity: 1 }]
		});
		expect(first.status).toBe('draft');
		expect(first.number).toMatch(new RegExp(`^${world.branchA.code}-\\d{4}-C\\d{6}$`));
		expect([first.subtotalRials, first.discountRials, first.vatRials, first.totalRials]).toEqual([
			1_000_005n,
			0n,
			100_001n,
			1_100_006n
		]);
		// A draft changes nothing yet.
		expect((await getInvoice(world.actors.admin, invoice.id)).balanceRials).toBe(66_600_000n);
		const firstPosted = await postCreditNote(world.actors.admin, first.id);
		expect([firstPosted.appliedRials, firstPosted.refundRials]).toEqual([1_100_006n, 0n]);
		expect(await roles(first.id)).toEqual([
			['sales_returns', 1_000_005n, 0n],
			['vat_payable', 100_001n, 0n],
			['receivables', 0n, 1_100_006n]
		]);
		expect((await getInvoice(world.actors.admin, invoice.id)).balanceRials).toBe(65_499_994n);
		await expect(postCreditNote(world.actors.admin, first.id)).rejects.toMatchObject({
			status: 409,
			code: 'credit_note_not_draft'
		});

		// Labour is used up: asking for it again is refused with what is left, and nothing is written.
		await expect(
			createCreditNote(world.actors.admin, invoice.id, {
				reason: 'دوباره',
				lines: [{ invoiceLineId: labour, quantity: 1 }]
			})
		).rejects.toMatchObject({
			status: 422,
			code: 'over_credit',
			fields: {
				'lines.0.quantity': { key: 'creditNote.error.overCreditLine', params: { available: 0 } }
			}
		});
		await expect(
			createCreditNote(world.actors.admin, invoice.id, {
				reason: 'دو کمپرسور؟',
				lines: [{ invoiceLineId: part, quantity: 2 }]
			})
		).rejects.toMatchObject({ status: 422, code: 'over_credit' });
		await expect(
			createCreditNote(world.actors.admin, invoice.id, { reason: ' ', lines: [] })
		).rejects.toMatchObject({ status: 422 });

		// Service: discount share 15,000,000 × 5 / 106,000,005 = 0.71 → 1; VAT on 14,999,999 = 1,499,999.9 → 1,500,000.
		const second = await createCreditNote(world.actors.admin, invoice.id, {
			reason: 'سرویس انجام نشد',
			lines: [{ invoiceLineId: service, quantity: 1 }],
			post: true
		});
		expect(second.status).toBe('posted');
		expect([second.discountRials, second.vatRials, second.totalRials]).toEqual([
			1n,
			1_500_000n,
			16_499_999n
		]);
		expect(await compressorsOnHand()).toBe(2);

		// The rest (the compressor): the last credit note takes the remainders — discount 5 − 0 − 1
		// = 4 and VAT 10,600,000 − 100,001 − 1,500,000 = 8,999,999 (not 9,000,000 as 10 % of
		// 89,999,996 would round to), so the three add up to the invoice to the Rial. Only
		// 48,999,995 was unpaid: the other 50,000,000 the buyer paid is owed back.
		const third = await createCreditNote(world.actors.admin, invoice.id, {
			reason: 'مشتری دستگاه را پس آورد',
			post: true
		});
		expect(third.lines.map((l) => [l.invoiceLineId, l.quantity])).toEqual([[part, 1]]);
		expect([third.subtotalRials, third.discountRials, third.vatRials, third.totalRials]).toEqual([
			90_000_000n,
			4n,
			8_999_999n,
			98_999_995n
		]);
		expect([third.appliedRials, third.refundRials]).toEqual([48_999_995n, 50_000_000n]);
		expect(first.totalRials + second.totalRials + third.totalRials).toBe(invoice.totalRials);
		expect(await roles(third.id)).toEqual([
			['sales_returns', 89_999_996n, 0n],
			['vat_payable', 8_999_999n, 0n],
			['receivables', 0n, 48_999_995n],
			['refunds_payable', 0n, 50_000_000n]
		]);

		// The compressor is back in the parts store at the cost it left at, with its serial.
		expect(await compressorsOnHand()).toBe(3);
		const docs = await listDocuments(world.actors.admin, { requestId: invoice.requestId! });
		const back = docs.find((d) => d.kind === 'sales_return')!;
		expect(back.status).toBe('posted');
		expect(back.creditNoteId).toBe(third.id);
		expect(back.moves.map((m) => [m.quantity, m.serial, m.unitCostRials])).toEqual([
			[1, 'CN-SOLD-1', 60_000_000n]
		]);
		const [restock] = await entriesOfSource(await getDb(), 'stock_document', [back.id]);
		expect(restock!.lines.map((l) => [l.role, l.debitRials, l.creditRials])).toEqual([
			['inventory', 60_000_000n, 0n],
			['cogs', 0n, 60_000_000n]
		]);

		const after = await getInvoice(world.actors.admin, invoice.id);
		expect([after.creditedRials, after.refundDueRials, after.balanceRials]).toEqual([
			116_600_000n,
			50_000_000n,
			0n
		]);
		await expect(
			recordPayment(world.actors.admin, invoice.id, { method: 'cash', amountRials: 1 })
		).rejects.toMatchObject({ status: 422 });
		await expect(
			createCreditNote(world.actors.admin, invoice.id, { reason: 'باز هم' })
		).rejects.toMatchObject({ status: 422, code: 'nothing_to_credit' });

		// Paying the refund back: never more than is owed, in as many payments as needed.
		await expect(
			recordRefund(world.actors.admin, invoice.id, { method: 'card', amountRials: 50_000_001 })
		).rejects.toMatchObject({
			status: 422,
			fields: { amountRials: { key: 'creditNote.error.overRefund' } }
		});
		await recordRefund(world.actors.admin, invoice.id, { method: 'cash', amountRials: 30_000_000 });
		const halfway = await invoicePage(world.actors.admin, invoice.id);
		expect([halfway.invoice.refundedRials, halfway.invoice.refundOwedRials]).toEqual([
			30_000_000n,
			20_000_000n
		]);
		await recordRefund(world.actors.admin, invoice.id, {
			method: 'transfer',
			amountRials: 20_000_000,
			reference: '7788'
		});
		const refunds = (await getInvoice(world.actors.admin, invoice.id)).payments.filter(
			(p) => p.direction === 'refund'
		);
		expect(refunds.map((p) => [p.method, p.amountRials])).toEqual([
			['cash', 30_000_000n],
			['transfer', 20_000_000n]
		]);
		const [cashBack] = await entriesOfSource(await getDb(), 'payment', [refunds[0]!.id]);
		expect(cashBack!.lines.map((l) => [l.role, l.debitRials, l.creditRials])).toEqual([
			['refunds_payable', 30_000_000n, 0n],
			['cash', 0n, 30_000_000n]
		]);
		await expect(
			recordRefund(world.actors.admin, invoice.id, { method: 'cash', amountRials: 1 })
		).rejects.toMatchObject({ status: 422 });
		// Receipts are unchanged by refunds: the buyer paid 50,000,000 and got 50,000,000 back.
		expect((await getInvoice(world.actors.admin, invoice.id)).paidRials).toBe(50_000_000n);

		// The pages: the list says fully credited (and settled), the invoice shows its credit notes.
		const [row] = await invoiceList(world.actors.admin, { q: invoice.number });
		expect([row!.creditState, row!.payState, row!.refundDueRials]).toEqual([
			'full',
			'paid',
			50_000_000n
		]);
		const page = await invoicePage(world.actors.admin, invoice.id);
		expect(page.creditNotes.map((n) => n.number)).toEqual([
			first.number,
			second.number,
			third.number
		]);
		expect(page.invoice.netTotalRials).toBe(0n);
		expect(page.entries.filter((e) => e.sourceType === 'credit_note')).toHaveLength(3);

		// Each posting left one outbox event for the webhook outlet.
		const db = await getDb();
		const events = await db
			.select()
			.from(outbox)
			.where(and(eq(outbox.aggregateType, 'credit_note'), eq(outbox.type, 'credit_note.posted')));
		const mine = events.filter((e) =>
			[first.id, second.id, third.id].map(String).includes(e.aggregateId)
		);
		expect(mine).toHaveLength(3);
		expect(mine.find((e) => e.aggregateId === String(third.id))!.payload).toMatchObject({
			invoiceNumber: invoice.number,
			totalRials: '98999995',
			refundRials: '50000000',
			stockDocumentId: back.id
		});
	});

	it('lets only one of two concurrent credit notes take the same line', async () => {
		const { invoice, service } = await postedInvoice('CN-SOLD-2');
		const attempt = () =>
			createCreditNote(world.actors.admin, invoice.id, {
				reason: 'سرویس انجام نشد',
				lines: [{ invoiceLineId: service, quantity: 1 }],
				post: true
			});
		const results = await Promise.allSettled([attempt(), attempt()]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toMatchObject({ status: 422, code: 'over_credit' });
		const after = await getInvoice(world.actors.admin, invoice.id);
		// 15,000,000 − 1 discount share, VAT 1,500,000.
		expect(after.creditedRials).toBe(16_499_999n);
		expect(after.balanceRials).toBe(116_600_000n - 16_499_999n);
		expect(await listCreditNotes(world.actors.admin, { invoiceId: invoice.id })).toHaveLength(1);

		// Two drafts may be written, but only the first posted counts; the second is refused at posting.
		const a = await createCreditNote(world.actors.admin, invoice.id, {
			reason: 'کمپرسور',
			lines: [
				{
					invoiceLineId: (await getInvoice(world.actors.admin, invoice.id)).lines[0]!.id,
					quantity: 1
				}
			]
		});
		const b = await createCreditNote(world.actors.admin, invoice.id, {
			reason: 'کمپرسور',
			lines: [{ invoiceLineId: a.lines[0]!.invoiceLineId, quantity: 1 }]
		});
		await postCreditNote(world.actors.admin, a.id);
		await expect(postCreditNote(world.actors.admin, b.id)).rejects.toMatchObject({
			status: 422,
			code: 'over_credit'
		});
		expect((await getCreditNote(world.actors.admin, b.id)).status).toBe('draft');
	});

	it('refuses drafts, other branches and people without the invoices permission', async () => {
		await expect(
			createCreditNote(world.actors.technician, 1, { reason: 'برگشت' })
		).rejects.toMatchObject({ status: 403 });
		await expect(
			createCreditNote(world.actors.admin, 999_999, { reason: 'برگشت' })
		).rejects.toMatchObject({ status: 404 });
	});

	it('lists credit notes newest first a page at a time, by branch, status and day', async () => {
		const admin = world.actors.admin;
		const all = await listCreditNotes(admin);
		expect(all.length).toBeGreaterThanOrEqual(4);
		const ids = (page: { items: { id: number }[] }) => page.items.map((n) => n.id);
		const first = await creditNoteList(admin, { limit: '2' });
		expect(ids(first)).toEqual(all.slice(0, 2).map((n) => n.id));
		expect(first.nextCursor).toBe(all[1]!.id);
		const second = await creditNoteList(admin, { limit: '2', cursor: String(first.nextCursor) });
		expect(ids(second)).toEqual(all.slice(2, 4).map((n) => n.id));
		expect(first.items[0]).toMatchObject({
			number: all[0]!.number,
			branchNameFa: world.branchA.nameFa,
			buyer: world.customer.name
		});

		expect(first.items[0]!.invoiceNumber).toMatch(/-F\d{6}$/);

		const drafts = await creditNoteList(admin, { status: 'draft' });
		expect(ids(drafts)).toEqual(all.filter((n) => n.status === 'draft').map((n) => n.id));
		expect(drafts.nextCursor).toBeNull();
		const posted = await creditNoteList(admin, { status: 'posted', branchId: world.branchA.id });
		expect(ids(posted)).toEqual(all.filter((n) => n.status === 'posted').map((n) => n.id));
		expect(ids(await creditNoteList(admin, { branchId: world.branchB.id }))).toEqual([]);
		// Days are inclusive; a bad filter value is ignored rather than refused.
		expect(ids(await creditNoteList(admin, { from: '2000-01-01', to: '2100-01-01' }))).toEqual(
			all.map((n) => n.id)
		);
		expect(ids(await creditNoteList(admin, { from: '2100-01-01' }))).toEqual([]);
		expect(ids(await creditNoteList(admin, { to: '2000-01-01', status: 'x' }))).toEqual([]);
		await expect(creditNoteList(world.actors.technician)).rejects.toMatchObject({ status: 403 });
	});

	it('leaves a stock ledger and a journal that check clean', async () => {
		const report = await checkStockConsistency(await getDb());
		expect(report.problems).toEqual([]);
		const today = new Date().toISOString().slice(0, 10);
		const balance = await trialBalance(world.actors.admin, { from: today, to: today });
		expect(balance.totalDebitRials).toBe(balance.totalCreditRials);
		// Customer refunds payable: 50,000,000 owed by the credit note, all of it paid back.
		const refunds = balance.lines.find((l) => l.code === '2102')!;
		expect([refunds.creditRials, refunds.debitRials, refunds.balanceRials]).toEqual([
			50_000_000n,
			50_000_000n,
			0n
		]);
	});
});
