import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { invoiceBalance } from '#lib/domain/credit-note';
import { invoiceTotals } from '#lib/domain/journal';
import { computeVat, parseRials } from '#lib/domain/money';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	estimateLines,
	estimates,
	invoiceLines,
	invoices,
	PAYMENT_METHODS,
	payments,
	serviceRequests,
	stockDocuments,
	type Invoice,
	type InvoiceLine,
	type Payment
} from '../db/schema';
import { recordLedgerChange } from '../stock/events';
import { AppError, parseOrThrow } from '../http/errors';
import { conflict, fieldError } from '../service/errors';
import { draftDocumentInTx, postDocumentInTx } from '../stock/documents';
import { findWarehouse } from '../stock/warehouses';
import {
	assertBillingBranch,
	insertPaymentInTx,
	lockInvoiceRow,
	nextBillingNumber,
	postBillingEntry
} from './posting';
import { billingSettingsIn } from './settings';

export { DEFAULT_VAT_RATE_BP } from './settings';

export type InvoiceWithDetails = Invoice & {
	lines: InvoiceLine[];
	payments: Payment[];
	balanceRials: bigint;
};

/** Display number of an invoice (`THR-01-1405-F000007`). */
export function formatInvoiceNumber(branchCode: string, jalaliYear: number, seq: number): string {
	return `${branchCode}-${jalaliYear}-F${String(seq).padStart(6, '0')}`;
}

const rials = z.union([z.string(), z.number(), z.bigint()]).transform((v, ctx) => {
	const parsed = typeof v === 'bigint' ? v : parseRials(String(v));
	if (parsed === null || parsed < 0n) {
		ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
		return z.NEVER;
	}
	return parsed;
});

export const invoiceFromEstimateSchema = z.object({
	estimateId: z.coerce.number().int().positive(),
	vatRateBp: z.coerce.number().int().min(0).max(10_000).optional(),
	discountRials: rials.optional()
});

/** Drafts an invoice from an approved, chargeable estimate; its lines are copied as they were approved. */
export async function createInvoiceFromEstimate(
	actor: Actor,
	raw: unknown,
	now: Date = new Date()
): Promise<InvoiceWithDetails> {
	requirePermission(actor, 'invoices', 'edit');
	const input = parseOrThrow(invoiceFromEstimateSchema, raw);
	const db = await getDb();
	const id = await db.transaction((tx) => createInvoiceInTx(tx, actor, input, now));
	return getInvoice(actor, id);
}

/** Drafts the invoice of an approved estimate in the caller's transaction; returns its id. */
export async function createInvoiceInTx(
	tx: Executor,
	actor: Actor,
	input: z.output<typeof invoiceFromEstimateSchema>,
	now: Date = new Date()
): Promise<number> {
	const [estimate] = await tx
		.select()
		.from(estimates)
		.where(eq(estimates.id, input.estimateId))
		.for('update');
	if (!estimate) throw fieldError('estimateId', 'error.notFound');
	const [request] = await tx
		.select()
		.from(serviceRequests)
		.where(eq(serviceRequests.id, estimate.requestId));
	assertBillingBranch(actor, request!.branchId);
	if (estimate.status !== 'approved' || estimate.noCharge)
		throw conflict('estimate_not_approved', 'billing.error.estimateNotApproved', {
			status: estimate.status
		});
	const [existing] = await tx
		.select({ id: invoices.id })
		.from(invoices)
		.where(eq(invoices.estimateId, estimate.id));
	if (existing)
		throw conflict('already_invoiced', 'billing.error.alreadyInvoiced', {
			invoiceId: existing.id
		});
	const lines = await tx
		.select()
		.from(estimateLines)
		.where(eq(estimateLines.estimateId, estimate.id))
		.orderBy(asc(estimateLines.id));
	const discount = input.discountRials ?? 0n;
	const draftLines = [
		...lines.map((l) => ({
			kind: l.kind,
			productId: l.productId,
			serviceId: l.serviceId,
			description: l.description,
			quantity: l.quantity,
			unitPriceRials: l.unitPriceRials,
			amountRials: l.amountRials
		})),
		...(discount > 0n
			? [
					{
						kind: 'discount' as const,
						productId: null,
						serviceId: null,
						description: '',
						quantity: 1,
						unitPriceRials: discount,
						amountRials: -discount
					}
				]
			: [])
	];
	if (!lines.length) throw conflict('empty_invoice', 'billing.error.emptyInvoice');
	const vatRateBp = input.vatRateBp ?? (await billingSettingsIn(tx)).vatRateBp;
	let totals;
	try {
		totals = invoiceTotals(draftLines, vatRateBp, computeVat);
	} catch {
		throw fieldError('discountRials', 'billing.error.discountTooLarge');
	}
	const { branch, jalaliYear, seq } = await nextBillingNumber(
		tx,
		request!.branchId,
		'invoice',
		now
	);
	const [invoice] = await tx
		.insert(invoices)
		.values({
			branchId: branch.id,
			jalaliYear,
			seq,
			number: formatInvoiceNumber(branch.code, jalaliYear, seq),
			requestId: request!.id,
			estimateId: estimate.id,
			customerId: request!.customerId,
			vatRateBp,
			subtotalRials: totals.subtotal,
			discountRials: totals.discount,
			vatRials: totals.vat,
			totalRials: totals.total,
			createdBy: actor.user.id,
			createdAt: now
		})
		.returning();
	await tx.insert(invoiceLines).values(draftLines.map((l) => ({ ...l, invoiceId: invoice!.id })));
	await recordLedgerChange(tx, {
		entityType: 'invoice',
		entityId: invoice!.id,
		action: 'drafted',
		type: 'invoice.drafted',
		actorId: actor.user.id,
		branchId: invoice!.branchId,
		changes: {
			number: invoice!.number,
			requestId: request!.id,
			estimateId: estimate.id,
			totalRials: totals.total.toString()
		}
	});
	return invoice!.id;
}

/**
 * Posts an invoice: its journal entry (receivable / revenue / VAT payable) and the sales issue of
 * its parts — the one drafted from the work log, or a new one from the invoice's part lines.
 */
export async function postInvoice(
	actor: Actor,
	invoiceId: number,
	now: Date = new Date()
): Promise<InvoiceWithDetails> {
	requirePermission(actor, 'invoices', 'edit');
	const db = await getDb();
	await db.transaction((tx) => postInvoiceInTx(tx, actor, invoiceId, now));
	return getInvoice(actor, invoiceId);
}

/** Posts a draft invoice in the caller's transaction (journal entry, sales issue, outbox event). */
export async function postInvoiceInTx(
	tx: Executor,
	actor: Actor,
	invoiceId: number,
	now: Date = new Date()
): Promise<void> {
	const invoice = await lockInvoiceRow(tx, actor, invoiceId);
	if (invoice.status !== 'draft') throw conflict('invoice_not_draft', 'billing.error.notDraft');
	await tx
		.update(invoices)
		.set({ status: 'posted', postedAt: now, postedBy: actor.user.id })
		.where(eq(invoices.id, invoiceId));
	const issues = await postSalesIssues(tx, actor.user.id, invoice, now);
	const entry = await postBillingEntry(
		tx,
		actor.user.id,
		{
			branchId: invoice.branchId,
			description: invoice.number,
			sourceType: 'invoice',
			sourceId: invoice.id,
			source: {
				type: 'invoice',
				netRials: invoice.subtotalRials - invoice.discountRials,
				vatRials: invoice.vatRials
			}
		},
		now
	);
	await recordLedgerChange(tx, {
		entityType: 'invoice',
		entityId: invoice.id,
		action: 'posted',
		type: 'invoice.posted',
		actorId: actor.user.id,
		branchId: invoice.branchId,
		changes: {
			number: invoice.number,
			totalRials: invoice.totalRials.toString(),
			journalEntryId: entry?.id ?? null,
			stockDocumentIds: issues
		}
	});
}

async function postSalesIssues(
	tx: Executor,
	actorId: number,
	invoice: Invoice,
	now: Date
): Promise<number[]> {
	const drafts = invoice.requestId
		? await tx
				.select({ id: stockDocuments.id })
				.from(stockDocuments)
				.where(
					and(
						eq(stockDocuments.requestId, invoice.requestId),
						eq(stockDocuments.kind, 'sales_issue'),
						eq(stockDocuments.status, 'draft')
					)
				)
				.orderBy(asc(stockDocuments.id))
		: [];
	let ids = drafts.map((d) => d.id);
	if (!ids.length) {
		const main = await findWarehouse(tx, invoice.branchId, 'main');
		const parts = (
			await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id))
		).filter((l) => l.kind === 'part' && l.productId !== null);
		if (!main || !parts.length) return [];
		const doc = await draftDocumentInTx(
			tx,
			actorId,
			{
				branchId: invoice.branchId,
				kind: 'sales_issue',
				requestId: invoice.requestId,
				invoiceId: invoice.id,
				note: invoice.number,
				moves: parts.map((p) => ({
					warehouseId: main.id,
					productId: p.productId!,
					quantity: -p.quantity
				}))
			},
			now
		);
		ids = [doc.id];
	}
	for (const id of ids) {
		await tx.update(stockDocuments).set({ invoiceId: invoice.id }).where(eq(stockDocuments.id, id));
		await postDocumentInTx(tx, actorId, id, now);
	}
	return ids;
}

export const paymentSchema = z.object({
	method: z.enum(PAYMENT_METHODS),
	amountRials: rials.refine((v) => v > 0n, 'validation.invalid'),
	reference: z.string().max(100).optional()
});

/** Records a (possibly partial) payment on a posted invoice, with its journal entry; never more than the balance. */
export async function recordPayment(
	actor: Actor,
	invoiceId: number,
	raw: unknown,
	now: Date = new Date()
): Promise<InvoiceWithDetails> {
	requirePermission(actor, 'invoices', 'edit');
	const input = parseOrThrow(paymentSchema, raw);
	const db = await getDb();
	await db.transaction((tx) => recordPaymentInTx(tx, actor, invoiceId, input, now));
	return getInvoice(actor, invoiceId);
}

/** Records a payment in the caller's transaction (payment row, journal entry, outbox event). */
export async function recordPaymentInTx(
	tx: Executor,
	actor: Actor,
	invoiceId: number,
	input: z.output<typeof paymentSchema>,
	now: Date = new Date()
): Promise<void> {
	const invoice = await lockInvoiceRow(tx, actor, invoiceId);
	if (invoice.status !== 'posted') throw conflict('invoice_not_posted', 'billing.error.notPosted');
	const balance = invoiceBalance(invoice);
	if (input.amountRials > balance)
		throw fieldError('amountRials', 'billing.error.overpayment', { balance: Number(balance) });
	const payment = await insertPaymentInTx(tx, actor.user.id, invoice, input, 'receipt', now);
	await tx
		.update(invoices)
		.set({ paidRials: invoice.paidRials + input.amountRials })
		.where(eq(invoices.id, invoiceId));
	await recordLedgerChange(tx, {
		entityType: 'invoice',
		entityId: invoice.id,
		action: 'payment_recorded',
		type: 'invoice.payment_recorded',
		actorId: actor.user.id,
		branchId: invoice.branchId,
		changes: {
			paymentId: payment.id,
			method: input.method,
			amountRials: input.amountRials.toString(),
			balanceRials: (balance - input.amountRials).toString()
		}
	});
}

/** An invoice with lines, payments and balance due. */
export async function getInvoice(actor: Actor, invoiceId: number): Promise<InvoiceWithDetails> {
	requirePermission(actor, 'invoices', 'view');
	const db = await getDb();
	const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
	if (!invoice) throw new AppError(404, 'not_found', 'error.notFound');
	assertBillingBranch(actor, invoice.branchId);
	const [details] = await withDetails(db, [invoice]);
	return details!;
}

async function withDetails(db: Executor, list: Invoice[]): Promise<InvoiceWithDetails[]> {
	if (!list.length) return [];
	const ids = list.map((i) => i.id);
	const lines = await db
		.select()
		.from(invoiceLines)
		.where(inArray(invoiceLines.invoiceId, ids))
		.orderBy(asc(invoiceLines.id));
	const paid = await db
		.select()
		.from(payments)
		.where(inArray(payments.invoiceId, ids))
		.orderBy(asc(payments.id));
	return list.map((i) => ({
		...i,
		lines: lines.filter((l) => l.invoiceId === i.id),
		payments: paid.filter((p) => p.invoiceId === i.id),
		balanceRials: invoiceBalance(i)
	}));
}

/** Invoices newest first within the actor's branch, optionally of one request. */
export async function listInvoices(actor: Actor, raw: unknown = {}): Promise<InvoiceWithDetails[]> {
	requirePermission(actor, 'invoices', 'view');
	const filter = parseOrThrow(
		z.object({
			requestId: z.coerce.number().int().positive().optional(),
			limit: z.coerce.number().int().min(1).max(200).default(50)
		}),
		raw ?? {}
	);
	const db = await getDb();
	const conditions: SQL[] = [];
	if (actor.user.branchId !== null) conditions.push(eq(invoices.branchId, actor.user.branchId));
	if (filter.requestId) conditions.push(eq(invoices.requestId, filter.requestId));
	const rows = await db
		.select()
		.from(invoices)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(invoices.id))
		.limit(filter.limit);
	return withDetails(db, rows);
}
