/**
 * Credit notes (اعلامیهٔ بستانکار / برگشت از فروش): the only correction of a posted invoice. A
 * credit note takes whole or part lines back; posting it reverses its revenue and VAT in one
 * balanced entry, cancels the unpaid receivable (what was already paid becomes a refund owed),
 * returns credited parts to the parts store through a sales return document and emits
 * `credit_note.posted` — all in one transaction, under the invoice's row lock so two credit notes
 * of one invoice can never together take more than it held.
 */
import { and, asc, desc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	CreditError,
	creditNoteFigures,
	invoiceBalance,
	splitCredit,
	type CreditableLine,
	type CreditNoteFigures
} from '#lib/domain/credit-note';
import { computeVat } from '#lib/domain/money';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	agencies,
	branches,
	creditNoteLines,
	creditNotes,
	customers,
	invoiceLines,
	invoices,
	journalEntries,
	products,
	serviceRequests,
	services,
	stockDocuments,
	stockMoves,
	type CreditNote,
	type CreditNoteLine,
	type Invoice
} from '../db/schema';
import { AppError, parseOrThrow } from '../http/errors';
import { conflict, fieldError } from '../service/errors';
import { draftDocumentInTx, postDocumentInTx, type MoveInput } from '../stock/documents';
import { recordLedgerChange } from '../stock/events';
import { findWarehouse } from '../stock/warehouses';
import { paymentSchema } from './invoices';
import { withLines } from './ledger';
import {
	assertBillingBranch,
	insertPaymentInTx,
	lockInvoiceRow,
	nextBillingNumber,
	postBillingEntry
} from './posting';
import { dayFilter, namedLineColumns, withinDays } from './views';

export type CreditNoteWithLines = CreditNote & { lines: CreditNoteLine[] };

/** Display number of a credit note (`THR-01-1405-C000003`). */
export function formatCreditNoteNumber(
	branchCode: string,
	jalaliYear: number,
	seq: number
): string {
	return `${branchCode}-${jalaliYear}-C${String(seq).padStart(6, '0')}`;
}

const checkbox = z
	.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])])
	.transform((v) => v === true || v === 'true' || v === 'on' || v === '1');

export const creditNoteSchema = z.object({
	reason: z.string().trim().min(3, 'creditNote.error.reasonRequired').max(500),
	/** Parts credited go back into the parts store (default); off for parts the buyer keeps. */
	restock: checkbox.optional(),
	/** Lines and quantities to credit; left out, everything not yet credited is. */
	lines: z
		.array(
			z.object({
				invoiceLineId: z.coerce.number().int().positive(),
				quantity: z.coerce.number().nonnegative().max(1_000_000)
			})
		)
		.max(200)
		.optional(),
	/** Post at once (one step) instead of leaving a draft to review. */
	post: checkbox.optional()
});

/** The invoice's creditable lines with what posted credit notes (other than `except`) took. */
async function creditableLines(
	tx: Executor,
	invoiceId: number,
	except: number | null = null
): Promise<CreditableLine[]> {
	const lines = await tx
		.select()
		.from(invoiceLines)
		.where(eq(invoiceLines.invoiceId, invoiceId))
		.orderBy(asc(invoiceLines.id));
	const conditions: SQL[] = [
		eq(creditNotes.invoiceId, invoiceId),
		eq(creditNotes.status, 'posted')
	];
	if (except !== null) conditions.push(ne(creditNotes.id, except));
	const taken = await tx
		.select({
			invoiceLineId: creditNoteLines.invoiceLineId,
			quantity: sql<string>`sum(${creditNoteLines.quantity})::text`,
			amount: sql<string>`sum(${creditNoteLines.amountRials})::text`
		})
		.from(creditNoteLines)
		.innerJoin(creditNotes, eq(creditNotes.id, creditNoteLines.creditNoteId))
		.where(and(...conditions))
		.groupBy(creditNoteLines.invoiceLineId);
	return lines.map((l) => {
		const t = taken.find((x) => x.invoiceLineId === l.id);
		return {
			id: l.id,
			kind: l.kind,
			quantity: l.quantity,
			unitPriceRials: l.unitPriceRials,
			amountRials: l.amountRials,
			creditedQuantity: t ? Number(t.quantity) : 0,
			creditedAmountRials: t ? BigInt(t.amount) : 0n
		};
	});
}

async function creditedSoFar(tx: Executor, invoiceId: number) {
	const [row] = await tx
		.select({
			subtotal: sql<string>`coalesce(sum(${creditNotes.subtotalRials}), 0)::text`,
			discount: sql<string>`coalesce(sum(${creditNotes.discountRials}), 0)::text`,
			vat: sql<string>`coalesce(sum(${creditNotes.vatRials}), 0)::text`
		})
		.from(creditNotes)
		.where(and(eq(creditNotes.invoiceId, invoiceId), eq(creditNotes.status, 'posted')));
	return {
		subtotalRials: BigInt(row!.subtotal),
		discountRials: BigInt(row!.discount),
		vatRials: BigInt(row!.vat)
	};
}

/** Figures of a credit note against what is still creditable now; 422 when it asks for more. */
async function figuresFor(
	tx: Executor,
	invoice: Invoice,
	request: { invoiceLineId: number; quantity: number }[] | undefined,
	except: number | null
): Promise<CreditNoteFigures> {
	const lines = await creditableLines(tx, invoice.id, except);
	const wanted =
		request ??
		lines
			.filter((l) => l.kind !== 'discount' && l.quantity - l.creditedQuantity > 1e-9)
			.map((l) => ({
				invoiceLineId: l.id,
				quantity: Math.round((l.quantity - l.creditedQuantity) * 1000) / 1000
			}));
	try {
		return creditNoteFigures(
			invoice,
			lines,
			await creditedSoFar(tx, invoice.id),
			wanted,
			computeVat
		);
	} catch (error) {
		if (!(error instanceof CreditError)) throw error;
		const index = wanted.findIndex((w) => w.invoiceLineId === error.invoiceLineId);
		const field = index >= 0 ? `lines.${index}.quantity` : 'lines';
		if (error.code === 'over_credit')
			throw new AppError(422, 'over_credit', 'creditNote.error.overCredit', undefined, {
				[field]: {
					key: 'creditNote.error.overCreditLine',
					params: { available: error.available }
				}
			});
		if (error.code === 'empty')
			throw new AppError(422, 'nothing_to_credit', 'creditNote.error.nothingToCredit', undefined, {
				lines: { key: 'creditNote.error.nothingToCredit' }
			});
		throw fieldError(field, 'creditNote.error.badLine');
	}
}

async function lockInvoice(tx: Executor, actor: Actor, invoiceId: number): Promise<Invoice> {
	// The row lock serialises every credit note and payment of this invoice: the second of two
	// concurrent credit notes recomputes what is left only after the first has committed.
	const invoice = await lockInvoiceRow(tx, actor, invoiceId);
	if (invoice.status !== 'posted')
		throw conflict('invoice_not_posted', 'creditNote.error.invoiceNotPosted');
	return invoice;
}

/** Drafts (or, with `post`, drafts and posts) a credit note against a posted invoice. */
export async function createCreditNote(
	actor: Actor,
	invoiceId: number,
	raw: unknown,
	now: Date = new Date()
): Promise<CreditNoteWithLines> {
	requirePermission(actor, 'invoices', 'edit');
	const input = parseOrThrow(creditNoteSchema, raw);
	const db = await getDb();
	const id = await db.transaction(async (tx) => {
		const noteId = await createCreditNoteInTx(tx, actor, invoiceId, input, now);
		if (input.post) await postCreditNoteInTx(tx, actor, noteId, now);
		return noteId;
	});
	return getCreditNote(actor, id);
}

/** Drafts a credit note in the caller's transaction; returns its id. */
export async function createCreditNoteInTx(
	tx: Executor,
	actor: Actor,
	invoiceId: number,
	input: z.output<typeof creditNoteSchema>,
	now: Date = new Date()
): Promise<number> {
	const invoice = await lockInvoice(tx, actor, invoiceId);
	const figures = await figuresFor(tx, invoice, input.lines, null);
	const { branch, jalaliYear, seq } = await nextBillingNumber(
		tx,
		invoice.branchId,
		'credit_note',
		now
	);
	const [note] = await tx
		.insert(creditNotes)
		.values({
			branchId: branch.id,
			jalaliYear,
			seq,
			number: formatCreditNoteNumber(branch.code, jalaliYear, seq),
			invoiceId: invoice.id,
			reason: input.reason,
			restock: input.restock ?? true,
			subtotalRials: figures.subtotalRials,
			discountRials: figures.discountRials,
			vatRials: figures.vatRials,
			totalRials: figures.totalRials,
			createdBy: actor.user.id,
			createdAt: now
		})
		.returning();
	await tx
		.insert(creditNoteLines)
		.values(figures.lines.map((l) => ({ ...l, creditNoteId: note!.id })));
	await recordLedgerChange(tx, {
		entityType: 'credit_note',
		entityId: note!.id,
		action: 'drafted',
		type: 'credit_note.drafted',
		actorId: actor.user.id,
		branchId: note!.branchId,
		changes: {
			number: note!.number,
			invoiceId: invoice.id,
			invoiceNumber: invoice.number,
			totalRials: figures.totalRials.toString(),
			reason: input.reason
		}
	});
	return note!.id;
}

/** Posts a draft credit note (journal entry, sales return, invoice balance, outbox event). */
export async function postCreditNote(
	actor: Actor,
	creditNoteId: number,
	now: Date = new Date()
): Promise<CreditNoteWithLines> {
	requirePermission(actor, 'invoices', 'edit');
	const db = await getDb();
	await db.transaction((tx) => postCreditNoteInTx(tx, actor, creditNoteId, now));
	return getCreditNote(actor, creditNoteId);
}

/** Posts a draft credit note in the caller's transaction. */
export async function postCreditNoteInTx(
	tx: Executor,
	actor: Actor,
	creditNoteId: number,
	now: Date = new Date()
): Promise<void> {
	const [found] = await tx.select().from(creditNotes).where(eq(creditNotes.id, creditNoteId));
	if (!found) throw new AppError(404, 'not_found', 'error.notFound');
	assertBillingBranch(actor, found.branchId);
	// Invoice first, then the note: the same order as drafting, so the two never deadlock.
	const invoice = await lockInvoice(tx, actor, found.invoiceId);
	const [note] = await tx
		.select()
		.from(creditNotes)
		.where(eq(creditNotes.id, creditNoteId))
		.for('update');
	if (note!.status !== 'draft')
		throw conflict('credit_note_not_draft', 'creditNote.error.notDraft');
	const drafted = await tx
		.select()
		.from(creditNoteLines)
		.where(eq(creditNoteLines.creditNoteId, note!.id))
		.orderBy(asc(creditNoteLines.id));
	// Recomputed against what is posted now: another credit note may have been posted since.
	const figures = await figuresFor(
		tx,
		invoice,
		drafted.map((l) => ({ invoiceLineId: l.invoiceLineId, quantity: l.quantity })),
		note!.id
	);
	for (const line of figures.lines) {
		const row = drafted.find((d) => d.invoiceLineId === line.invoiceLineId)!;
		if (row.amountRials !== line.amountRials)
			await tx
				.update(creditNoteLines)
				.set({ amountRials: line.amountRials })
				.where(eq(creditNoteLines.id, row.id));
	}
	const { appliedRials, refundRials } = splitCredit(figures.totalRials, invoiceBalance(invoice));
	await tx
		.update(creditNotes)
		.set({
			status: 'posted',
			subtotalRials: figures.subtotalRials,
			discountRials: figures.discountRials,
			vatRials: figures.vatRials,
			totalRials: figures.totalRials,
			appliedRials,
			refundRials,
			postedAt: now,
			postedBy: actor.user.id
		})
		.where(eq(creditNotes.id, note!.id));
	await tx
		.update(invoices)
		.set({
			creditedRials: invoice.creditedRials + figures.totalRials,
			refundDueRials: invoice.refundDueRials + refundRials
		})
		.where(eq(invoices.id, invoice.id));
	const entry = await postBillingEntry(
		tx,
		actor.user.id,
		{
			branchId: invoice.branchId,
			description: `${note!.number} — ${invoice.number}`,
			sourceType: 'credit_note',
			sourceId: note!.id,
			source: {
				type: 'credit_note',
				netRials: figures.subtotalRials - figures.discountRials,
				vatRials: figures.vatRials,
				appliedRials,
				refundRials
			}
		},
		now
	);
	const stockDocument = note!.restock
		? await returnParts(tx, actor.user.id, invoice, note!, figures, now)
		: null;
	await recordLedgerChange(tx, {
		entityType: 'credit_note',
		entityId: note!.id,
		action: 'posted',
		type: 'credit_note.posted',
		actorId: actor.user.id,
		branchId: invoice.branchId,
		changes: {
			number: note!.number,
			invoiceId: invoice.id,
			invoiceNumber: invoice.number,
			reason: note!.reason,
			subtotalRials: figures.subtotalRials.toString(),
			discountRials: figures.discountRials.toString(),
			vatRials: figures.vatRials.toString(),
			totalRials: figures.totalRials.toString(),
			appliedRials: appliedRials.toString(),
			refundRials: refundRials.toString(),
			journalEntryId: entry?.id ?? null,
			stockDocumentId: stockDocument,
			lines: figures.lines.map((l) => ({
				invoiceLineId: l.invoiceLineId,
				quantity: l.quantity,
				amountRials: l.amountRials.toString()
			}))
		}
	});
}

/**
 * Brings credited parts back into the branch's parts store with a posted sales return, at the
 * cost their sales issue took them out at (so cost of sales is reversed exactly), carrying the
 * serials that left; null when no part was credited or nothing was issued.
 */
async function returnParts(
	tx: Executor,
	actorId: number,
	invoice: Invoice,
	note: CreditNote,
	figures: CreditNoteFigures,
	now: Date
): Promise<number | null> {
	const lineIds = figures.lines.map((l) => l.invoiceLineId);
	const parts = (
		await tx.select().from(invoiceLines).where(inArray(invoiceLines.id, lineIds))
	).filter((l) => l.kind === 'part' && l.productId !== null);
	if (!parts.length) return null;
	const main = await findWarehouse(tx, invoice.branchId, 'main');
	if (!main) return null;
	// What the invoice's sales issues took out, less what earlier sales returns brought back.
	const history = await tx
		.select({
			kind: stockDocuments.kind,
			productId: stockMoves.productId,
			quantity: stockMoves.quantity,
			serial: stockMoves.serial,
			unitCostRials: stockMoves.unitCostRials
		})
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.where(
			and(
				eq(stockDocuments.invoiceId, invoice.id),
				inArray(stockDocuments.kind, ['sales_issue', 'sales_return']),
				ne(stockDocuments.status, 'draft')
			)
		)
		.orderBy(asc(stockMoves.id));
	const moves: MoveInput[] = [];
	for (const part of parts) {
		let wanted = figures.lines.find((l) => l.invoiceLineId === part.id)!.quantity;
		const mine = history.filter((h) => h.productId === part.productId);
		// Per serial ('' = unserialised): what left with the invoice and has not come back yet.
		const open = new Map<string, { quantity: number; unitCostRials: bigint }>();
		for (const h of mine)
			if (h.kind === 'sales_issue' && h.quantity < 0) {
				const o = open.get(h.serial);
				open.set(h.serial, {
					quantity: (o?.quantity ?? 0) - h.quantity,
					unitCostRials: o?.unitCostRials ?? h.unitCostRials
				});
			}
		for (const h of mine)
			if (h.kind === 'sales_return' && open.has(h.serial))
				open.get(h.serial)!.quantity -= h.quantity;
		// Two lines of the same part: the first one's moves in this document are taken too.
		for (const m of moves)
			if (m.productId === part.productId && open.has(m.serial ?? ''))
				open.get(m.serial ?? '')!.quantity -= m.quantity;
		for (const [serial, o] of open) {
			if (wanted <= 1e-9) break;
			const take = Math.min(o.quantity, wanted);
			if (take <= 1e-9) continue;
			moves.push({
				warehouseId: main.id,
				productId: part.productId!,
				quantity: Math.round(take * 1000) / 1000,
				serial,
				unitCostRials: o.unitCostRials
			});
			wanted -= take;
		}
	}
	if (!moves.length) return null;
	const doc = await draftDocumentInTx(
		tx,
		actorId,
		{
			branchId: invoice.branchId,
			kind: 'sales_return',
			requestId: invoice.requestId,
			invoiceId: invoice.id,
			creditNoteId: note.id,
			note: `${note.number} — ${invoice.number}`,
			moves
		},
		now
	);
	await postDocumentInTx(tx, actorId, doc.id, now);
	return doc.id;
}

/**
 * Pays back (part of) the refund a credit note left owed on an invoice: a refund payment, its
 * journal entry (customer refunds payable against cash or bank) and `invoice.refund_paid`;
 * never more than is still owed (422).
 */
export async function recordRefund(
	actor: Actor,
	invoiceId: number,
	raw: unknown,
	now: Date = new Date()
): Promise<void> {
	requirePermission(actor, 'invoices', 'edit');
	const input = parseOrThrow(paymentSchema, raw);
	const db = await getDb();
	await db.transaction(async (tx) => {
		const invoice = await lockInvoice(tx, actor, invoiceId);
		const owed = invoice.refundDueRials - invoice.refundedRials;
		if (input.amountRials > owed)
			throw fieldError('amountRials', 'creditNote.error.overRefund', { owed: Number(owed) });
		const payment = await insertPaymentInTx(tx, actor.user.id, invoice, input, 'refund', now);
		await tx
			.update(invoices)
			.set({ refundedRials: invoice.refundedRials + input.amountRials })
			.where(eq(invoices.id, invoiceId));
		await recordLedgerChange(tx, {
			entityType: 'invoice',
			entityId: invoice.id,
			action: 'refund_paid',
			type: 'invoice.refund_paid',
			actorId: actor.user.id,
			branchId: invoice.branchId,
			changes: {
				paymentId: payment.id,
				method: input.method,
				amountRials: input.amountRials.toString(),
				refundOwedRials: (owed - input.amountRials).toString()
			}
		});
	});
}

/** A credit note with its lines. */
export async function getCreditNote(
	actor: Actor,
	creditNoteId: number
): Promise<CreditNoteWithLines> {
	requirePermission(actor, 'invoices', 'view');
	const db = await getDb();
	const [note] = await db.select().from(creditNotes).where(eq(creditNotes.id, creditNoteId));
	if (!note) throw new AppError(404, 'not_found', 'error.notFound');
	assertBillingBranch(actor, note.branchId);
	const lines = await db
		.select()
		.from(creditNoteLines)
		.where(eq(creditNoteLines.creditNoteId, note.id))
		.orderBy(asc(creditNoteLines.id));
	return { ...note, lines };
}

/** Credit notes of an invoice (oldest first), or the newest of the actor's branch. */
export async function listCreditNotes(
	actor: Actor,
	filter: { invoiceId?: number; limit?: number } = {}
): Promise<CreditNoteWithLines[]> {
	requirePermission(actor, 'invoices', 'view');
	const db = await getDb();
	const conditions: SQL[] = [];
	if (actor.user.branchId !== null) conditions.push(eq(creditNotes.branchId, actor.user.branchId));
	if (filter.invoiceId) conditions.push(eq(creditNotes.invoiceId, filter.invoiceId));
	const notes = await db
		.select()
		.from(creditNotes)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(filter.invoiceId ? asc(creditNotes.id) : desc(creditNotes.id))
		.limit(filter.limit ?? 100);
	if (!notes.length) return [];
	const lines = await db
		.select()
		.from(creditNoteLines)
		.where(
			inArray(
				creditNoteLines.creditNoteId,
				notes.map((n) => n.id)
			)
		)
		.orderBy(asc(creditNoteLines.id));
	return notes.map((n) => ({ ...n, lines: lines.filter((l) => l.creditNoteId === n.id) }));
}

export const creditNoteListSchema = z.object({
	branchId: z.coerce.number().int().positive().optional().catch(undefined),
	status: z.enum(['draft', 'posted']).optional().catch(undefined),
	from: dayFilter.catch(undefined),
	to: dayFilter.catch(undefined),
	/** The id of the last credit note of the previous page. */
	cursor: z.coerce.number().int().positive().optional().catch(undefined),
	limit: z.coerce.number().int().min(1).max(100).default(25).catch(25)
});

export interface CreditNoteListRow {
	id: number;
	number: string;
	status: 'draft' | 'posted';
	createdAt: Date;
	postedAt: Date | null;
	branchNameFa: string;
	branchNameEn: string;
	invoiceId: number;
	invoiceNumber: string;
	buyer: string;
	reason: string;
	totalRials: bigint;
	refundRials: bigint;
}

/**
 * Credit notes newest first within the actor's branch, filtered by branch, status and the day
 * drafted, one page at a time (`nextCursor`: pass it back as `cursor` for the next page).
 */
export async function creditNoteList(
	actor: Actor,
	raw: unknown = {}
): Promise<{ items: CreditNoteListRow[]; nextCursor: number | null }> {
	requirePermission(actor, 'invoices', 'view');
	const filter = parseOrThrow(creditNoteListSchema, raw ?? {});
	const db = await getDb();
	const conditions: SQL[] = [];
	if (actor.user.branchId !== null) conditions.push(eq(creditNotes.branchId, actor.user.branchId));
	if (filter.branchId) conditions.push(eq(creditNotes.branchId, filter.branchId));
	if (filter.status) conditions.push(eq(creditNotes.status, filter.status));
	conditions.push(...withinDays(creditNotes.createdAt, filter));
	if (filter.cursor) conditions.push(lt(creditNotes.id, filter.cursor));
	const rows = await db
		.select({
			id: creditNotes.id,
			number: creditNotes.number,
			status: creditNotes.status,
			createdAt: creditNotes.createdAt,
			postedAt: creditNotes.postedAt,
			branchNameFa: branches.nameFa,
			branchNameEn: branches.nameEn,
			invoiceId: invoices.id,
			invoiceNumber: invoices.number,
			customerName: customers.name,
			agencyName: agencies.name,
			reason: creditNotes.reason,
			totalRials: creditNotes.totalRials,
			refundRials: creditNotes.refundRials
		})
		.from(creditNotes)
		.innerJoin(branches, eq(branches.id, creditNotes.branchId))
		.innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
		.leftJoin(customers, eq(customers.id, invoices.customerId))
		.leftJoin(serviceRequests, eq(serviceRequests.id, invoices.requestId))
		.leftJoin(agencies, eq(agencies.id, serviceRequests.agencyId))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(creditNotes.id))
		.limit(filter.limit + 1);
	const items = rows.slice(0, filter.limit).map(({ customerName, agencyName, ...r }) => ({
		...r,
		buyer: customerName ?? agencyName ?? ''
	}));
	return {
		items,
		nextCursor: rows.length > filter.limit ? items[items.length - 1]!.id : null
	};
}

/** The branches the actor may filter credit notes by: every branch, or only their own. */
export async function creditNoteBranches(actor: Actor) {
	requirePermission(actor, 'invoices', 'view');
	const db = await getDb();
	return db
		.select({
			id: branches.id,
			code: branches.code,
			nameFa: branches.nameFa,
			nameEn: branches.nameEn
		})
		.from(branches)
		.where(actor.user.branchId !== null ? eq(branches.id, actor.user.branchId) : undefined)
		.orderBy(asc(branches.code));
}

/** What the "new credit note" form offers: each line with the quantity still creditable. */
export async function creditFormOf(actor: Actor, invoiceId: number) {
	requirePermission(actor, 'invoices', 'edit');
	const db = await getDb();
	const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
	if (!invoice) throw new AppError(404, 'not_found', 'error.notFound');
	assertBillingBranch(actor, invoice.branchId);
	const lines = await creditableLines(db, invoice.id);
	const named = await db
		.select({
			id: invoiceLines.id,
			...namedLineColumns
		})
		.from(invoiceLines)
		.leftJoin(products, eq(products.id, invoiceLines.productId))
		.leftJoin(services, eq(services.id, invoiceLines.serviceId))
		.where(eq(invoiceLines.invoiceId, invoice.id));
	return {
		invoice: { ...invoice, balanceRials: invoiceBalance(invoice) },
		lines: lines
			.filter((l) => l.kind !== 'discount')
			.map((l) => ({
				...l,
				...named.find((n) => n.id === l.id)!,
				available: Math.round((l.quantity - l.creditedQuantity) * 1000) / 1000
			}))
	};
}

/** One credit note for its page and print: named lines, invoice, journal entry, sales return. */
export async function creditNotePage(actor: Actor, creditNoteId: number) {
	const note = await getCreditNote(actor, creditNoteId);
	const db = await getDb();
	const [invoice] = await db.select().from(invoices).where(eq(invoices.id, note.invoiceId));
	const lines = await db
		.select({
			id: creditNoteLines.id,
			invoiceLineId: creditNoteLines.invoiceLineId,
			quantity: creditNoteLines.quantity,
			unitPriceRials: creditNoteLines.unitPriceRials,
			amountRials: creditNoteLines.amountRials,
			kind: invoiceLines.kind,
			...namedLineColumns,
			invoicedQuantity: invoiceLines.quantity
		})
		.from(creditNoteLines)
		.innerJoin(invoiceLines, eq(invoiceLines.id, creditNoteLines.invoiceLineId))
		.leftJoin(products, eq(products.id, invoiceLines.productId))
		.leftJoin(services, eq(services.id, invoiceLines.serviceId))
		.where(eq(creditNoteLines.creditNoteId, note.id))
		.orderBy(asc(creditNoteLines.id));
	const entries = await withLines(
		db,
		await db
			.select()
			.from(journalEntries)
			.where(
				and(eq(journalEntries.sourceType, 'credit_note'), eq(journalEntries.sourceId, note.id))
			)
	);
	const documents = await db
		.select({
			id: stockDocuments.id,
			number: stockDocuments.number,
			kind: stockDocuments.kind,
			status: stockDocuments.status
		})
		.from(stockDocuments)
		.where(eq(stockDocuments.creditNoteId, note.id));
	return {
		note,
		invoice: { ...invoice!, balanceRials: invoiceBalance(invoice!) },
		lines,
		entries,
		documents
	};
}

export type CreditNotePage = Awaited<ReturnType<typeof creditNotePage>>;
