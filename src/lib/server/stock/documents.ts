import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { jalaliYearOf } from '#lib/domain/jalali';
import { journalLinesFor } from '#lib/domain/journal';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { postJournalEntry } from '../billing/ledger';
import { getDb, type Executor } from '../db';
import {
	branches,
	journalEntries,
	products,
	STOCK_DOCUMENT_KINDS,
	STOCK_DOCUMENT_STATUSES,
	stockDocuments,
	stockMoves,
	warehouses,
	type StockDocument,
	type StockDocumentKind,
	type StockMove
} from '../db/schema';
import { recordLedgerChange } from './events';
import { AppError, parseOrThrow } from '../http/errors';
import { nextNumber } from '../service/numbering';
import { conflict, fieldError } from '../service/errors';

export interface MoveInput {
	warehouseId: number;
	productId: number;
	/** Signed: + into the warehouse, − out of it. */
	quantity: number;
	serial?: string;
	/** Zero on an issue means "at the warehouse's average cost", filled in when posting. */
	unitCostRials?: bigint;
}

export interface DraftInput {
	branchId: number;
	kind: StockDocumentKind;
	requestId?: number | null;
	orderId?: number | null;
	workLogId?: number | null;
	invoiceId?: number | null;
	creditNoteId?: number | null;
	reversesId?: number | null;
	note?: string;
	period?: string;
	moves: MoveInput[];
}

export type DocumentWithMoves = StockDocument & { moves: StockMove[] };

// Documents that bring goods in are valued by their positive moves; the others by what leaves.
/** Kinds whose positive lines are valued as stock coming in (the rest are valued as issues). */
export const INBOUND_KINDS: readonly StockDocumentKind[] = [
	'receipt',
	'scrap_receipt',
	'sales_return'
];

/** Display number of a stock document (`THR-01-1405-S000042`). */
export function formatDocumentNumber(branchCode: string, jalaliYear: number, seq: number): string {
	return `${branchCode}-${jalaliYear}-S${String(seq).padStart(6, '0')}`;
}

/** Drafts a document with its lines in the caller's transaction, taking its number. */
export async function draftDocumentInTx(
	tx: Executor,
	actorId: number | null,
	input: DraftInput,
	now: Date = new Date()
): Promise<DocumentWithMoves> {
	if (input.moves.length === 0) throw fieldError('moves', 'stock.error.emptyDocument');
	const [branch] = await tx.select().from(branches).where(eq(branches.id, input.branchId));
	if (!branch) throw fieldError('branchId', 'validation.invalid');
	const warehouseIds = [...new Set(input.moves.map((m) => m.warehouseId))];
	const stores = await tx.select().from(warehouses).where(inArray(warehouses.id, warehouseIds));
	input.moves.forEach((m, i) => {
		const store = stores.find((s) => s.id === m.warehouseId);
		if (!store) throw fieldError(`moves.${i}.warehouseId`, 'stock.error.warehouseNotFound');
		if (store.branchId !== input.branchId)
			throw fieldError(`moves.${i}.warehouseId`, 'stock.error.wrongBranch');
	});
	const jalaliYear = jalaliYearOf(now);
	const seq = await nextNumber(tx, `stock:${input.branchId}:${jalaliYear}`);
	const [doc] = await tx
		.insert(stockDocuments)
		.values({
			branchId: input.branchId,
			kind: input.kind,
			jalaliYear,
			seq,
			number: formatDocumentNumber(branch.code, jalaliYear, seq),
			requestId: input.requestId ?? null,
			orderId: input.orderId ?? null,
			workLogId: input.workLogId ?? null,
			invoiceId: input.invoiceId ?? null,
			creditNoteId: input.creditNoteId ?? null,
			reversesId: input.reversesId ?? null,
			note: input.note ?? '',
			period: input.period ?? '',
			createdBy: actorId,
			createdAt: now
		})
		.returning();
	const moves = await tx
		.insert(stockMoves)
		.values(
			input.moves.map((m) => ({
				documentId: doc!.id,
				warehouseId: m.warehouseId,
				productId: m.productId,
				quantity: m.quantity,
				serial: m.serial?.trim() ?? '',
				unitCostRials: m.unitCostRials ?? 0n
			}))
		)
		.returning();
	await recordLedgerChange(tx, {
		entityType: 'stock_document',
		entityId: doc!.id,
		action: 'drafted',
		type: 'stock_document.drafted',
		actorId,
		branchId: doc!.branchId,
		changes: {
			number: doc!.number,
			kind: doc!.kind,
			requestId: doc!.requestId,
			workLogId: doc!.workLogId
		}
	});
	return { ...doc!, moves };
}

/** Quantity of a product on hand in a warehouse: Σ of posted moves. */
async function quantityOnHand(
	tx: Executor,
	warehouseId: number,
	productId: number
): Promise<number> {
	const [row] = await tx
		.select({ q: sql<string>`coalesce(sum(${stockMoves.quantity}), 0)::text` })
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.where(
			and(
				eq(stockMoves.warehouseId, warehouseId),
				eq(stockMoves.productId, productId),
				ne(stockDocuments.status, 'draft')
			)
		);
	return Number(row!.q);
}

/** Average cost of what entered a warehouse (weighted by quantity), rounded to the Rial. */
async function averageCost(tx: Executor, warehouseId: number, productId: number): Promise<bigint> {
	const [row] = await tx
		.select({
			value: sql<string>`coalesce(sum(${stockMoves.quantity} * ${stockMoves.unitCostRials}), 0)::text`,
			quantity: sql<string>`coalesce(sum(${stockMoves.quantity}), 0)::text`
		})
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.where(
			and(
				eq(stockMoves.warehouseId, warehouseId),
				eq(stockMoves.productId, productId),
				ne(stockDocuments.status, 'draft'),
				sql`${stockMoves.quantity} > 0`
			)
		);
	const quantity = Number(row!.quantity);
	if (quantity <= 0) return 0n;
	return BigInt(Math.round(Number(row!.value) / quantity));
}

/** Σ quantity × unit cost in Rials, with quantities to the thousandth and one rounding at the end. */
function movesValue(moves: readonly Pick<StockMove, 'quantity' | 'unitCostRials'>[]): bigint {
	let milli = 0n;
	for (const m of moves) milli += BigInt(Math.round(m.quantity * 1000)) * m.unitCostRials;
	const negative = milli < 0n;
	const magnitude = negative ? -milli : milli;
	const rounded = (magnitude + 500n) / 1000n;
	return negative ? -rounded : rounded;
}

/**
 * Posts a draft in the caller's transaction: locks each (warehouse, product) so concurrent
 * postings of the last unit queue, refuses a shortfall (409 with per-product details) unless
 * the warehouse allows negative stock, values issues at average cost, and writes the journal
 * entry and the outbox event.
 */
export async function postDocumentInTx(
	tx: Executor,
	actorId: number | null,
	documentId: number,
	now: Date = new Date()
): Promise<DocumentWithMoves> {
	const [doc] = await tx
		.select()
		.from(stockDocuments)
		.where(eq(stockDocuments.id, documentId))
		.for('update');
	if (!doc) throw new AppError(404, 'not_found', 'error.notFound');
	if (doc.status !== 'draft')
		throw conflict('document_not_draft', 'stock.error.notDraft', { status: doc.status });
	let moves = await tx
		.select()
		.from(stockMoves)
		.where(eq(stockMoves.documentId, documentId))
		.orderBy(asc(stockMoves.id));
	const pairs = [...new Set(moves.map((m) => `${m.warehouseId}:${m.productId}`))].sort();
	// Sorted so two documents touching the same items lock them in the same order (no deadlock).
	for (const key of pairs)
		await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`stock:${key}`}, 0))`);
	for (const move of moves) {
		if (move.quantity < 0 && move.unitCostRials === 0n) {
			const cost = await averageCost(tx, move.warehouseId, move.productId);
			if (cost > 0n)
				await tx.update(stockMoves).set({ unitCostRials: cost }).where(eq(stockMoves.id, move.id));
		}
	}
	moves = await tx
		.select()
		.from(stockMoves)
		.where(eq(stockMoves.documentId, documentId))
		.orderBy(asc(stockMoves.id));
	const stores = await tx
		.select()
		.from(warehouses)
		.where(inArray(warehouses.id, [...new Set(moves.map((m) => m.warehouseId))]));
	const shortfalls: {
		productId: number;
		productCode: string;
		warehouseId: number;
		available: number;
		required: number;
		shortfall: number;
	}[] = [];
	for (const key of pairs) {
		const [warehouseId, productId] = key.split(':').map(Number) as [number, number];
		const delta = moves
			.filter((m) => m.warehouseId === warehouseId && m.productId === productId)
			.reduce((s, m) => s + m.quantity, 0);
		if (delta >= 0 || stores.find((s) => s.id === warehouseId)?.allowNegative) continue;
		const available = await quantityOnHand(tx, warehouseId, productId);
		if (available + delta < -1e-9) {
			const [product] = await tx
				.select({ code: products.code })
				.from(products)
				.where(eq(products.id, productId));
			shortfalls.push({
				productId,
				productCode: product?.code ?? '',
				warehouseId,
				available,
				required: -delta,
				shortfall: Math.round((-delta - available) * 1000) / 1000
			});
		}
	}
	if (shortfalls.length) {
		const items = shortfalls.map((s) => `${s.productCode} (${s.shortfall})`).join('، ');
		throw new AppError(409, 'insufficient_stock', 'stock.error.shortfall', { items }, undefined, {
			shortfalls
		});
	}
	const [posted] = await tx
		.update(stockDocuments)
		.set({ status: 'posted', postedAt: now, postedBy: actorId })
		.where(eq(stockDocuments.id, documentId))
		.returning();
	const signed = movesValue(moves);
	const valueRials = INBOUND_KINDS.includes(doc.kind) ? signed : -signed;
	const entry = await postJournalEntry(tx, {
		branchId: doc.branchId,
		entryDate: now,
		description: doc.number,
		sourceType: 'stock_document',
		sourceId: doc.id,
		lines: journalLinesFor({ type: 'stock', kind: doc.kind, valueRials }),
		actorId,
		reversesId: null
	});
	await recordLedgerChange(tx, {
		entityType: 'stock_document',
		entityId: doc.id,
		action: 'posted',
		type: 'stock_document.posted',
		actorId,
		branchId: doc.branchId,
		changes: {
			number: doc.number,
			kind: doc.kind,
			requestId: doc.requestId,
			workLogId: doc.workLogId,
			valueRials: valueRials.toString(),
			journalEntryId: entry?.id ?? null,
			moves: moves.map((m) => ({
				warehouseId: m.warehouseId,
				productId: m.productId,
				quantity: m.quantity,
				serial: m.serial
			}))
		}
	});
	return { ...posted!, moves };
}

/** Reverses a posted document in the caller's transaction: the mirror document is posted at once. */
export async function reverseDocumentInTx(
	tx: Executor,
	actorId: number | null,
	documentId: number,
	note: string,
	now: Date = new Date()
): Promise<DocumentWithMoves> {
	const [doc] = await tx
		.select()
		.from(stockDocuments)
		.where(eq(stockDocuments.id, documentId))
		.for('update');
	if (!doc) throw new AppError(404, 'not_found', 'error.notFound');
	if (doc.status !== 'posted')
		throw conflict('document_not_posted', 'stock.error.notPosted', { status: doc.status });
	const moves = await tx
		.select()
		.from(stockMoves)
		.where(eq(stockMoves.documentId, documentId))
		.orderBy(asc(stockMoves.id));
	const mirror = await draftDocumentInTx(
		tx,
		actorId,
		{
			branchId: doc.branchId,
			kind: doc.kind,
			requestId: doc.requestId,
			orderId: doc.orderId,
			workLogId: doc.workLogId,
			invoiceId: doc.invoiceId,
			reversesId: doc.id,
			note: note || doc.number,
			moves: moves.map((m) => ({
				warehouseId: m.warehouseId,
				productId: m.productId,
				quantity: -m.quantity,
				serial: m.serial,
				unitCostRials: m.unitCostRials
			}))
		},
		now
	);
	const posted = await postDocumentInTx(tx, actorId, mirror.id, now);
	await tx.update(stockDocuments).set({ status: 'reversed' }).where(eq(stockDocuments.id, doc.id));
	await recordLedgerChange(tx, {
		entityType: 'stock_document',
		entityId: doc.id,
		action: 'reversed',
		type: 'stock_document.reversed',
		actorId,
		branchId: doc.branchId,
		changes: { number: doc.number, reversedBy: posted.id, reversedByNumber: posted.number, note }
	});
	return posted;
}

const moveSchema = z.object({
	warehouseId: z.coerce.number().int().positive(),
	productId: z.coerce.number().int().positive(),
	quantity: z.coerce.number().refine((q) => q !== 0 && Number.isFinite(q), 'validation.invalid'),
	serial: z.string().max(100).optional(),
	unitCostRials: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).optional()
});

export const documentSchema = z.object({
	branchId: z.coerce.number().int().positive(),
	kind: z.enum(STOCK_DOCUMENT_KINDS),
	requestId: z.coerce.number().int().positive().optional(),
	note: z.string().max(500).optional(),
	moves: z.array(moveSchema).min(1).max(200)
});

function assertBranch(actor: Actor, branchId: number): void {
	if (actor.user.branchId !== null && actor.user.branchId !== branchId)
		throw new AppError(404, 'not_found', 'error.notFound');
}

/**
 * Drafts a manual document (receipt, transfer, scrap return…) from validated input. A sales
 * return is refused (422 on `kind`): only a posted credit note brings sold parts back.
 */
export async function createDocument(actor: Actor, raw: unknown): Promise<DocumentWithMoves> {
	requirePermission(actor, 'stock', 'edit');
	const input = parseOrThrow(documentSchema, raw);
	if (input.kind === 'sales_return') throw fieldError('kind', 'creditNote.error.manualSalesReturn');
	assertBranch(actor, input.branchId);
	const db = await getDb();
	return db.transaction((tx) =>
		draftDocumentInTx(tx, actor.user.id, {
			...input,
			moves: input.moves.map((m) => ({
				...m,
				unitCostRials: m.unitCostRials === undefined ? undefined : BigInt(m.unitCostRials)
			}))
		})
	);
}

/** Posts a draft document the actor may see. */
export async function postDocument(actor: Actor, documentId: number): Promise<DocumentWithMoves> {
	requirePermission(actor, 'stock', 'edit');
	const db = await getDb();
	return db.transaction(async (tx) => {
		await getDocumentIn(tx, actor, documentId);
		return postDocumentInTx(tx, actor.user.id, documentId);
	});
}

/** Reverses a posted document the actor may see (corrections never edit a posted document). */
export async function reverseDocument(
	actor: Actor,
	documentId: number,
	raw: unknown = {}
): Promise<DocumentWithMoves> {
	requirePermission(actor, 'stock', 'manage');
	const { note } = parseOrThrow(z.object({ note: z.string().max(500).optional() }), raw ?? {});
	const db = await getDb();
	return db.transaction(async (tx) => {
		await getDocumentIn(tx, actor, documentId);
		return reverseDocumentInTx(tx, actor.user.id, documentId, note ?? '');
	});
}

async function getDocumentIn(
	tx: Executor,
	actor: Actor,
	documentId: number
): Promise<DocumentWithMoves> {
	const [doc] = await tx.select().from(stockDocuments).where(eq(stockDocuments.id, documentId));
	if (!doc) throw new AppError(404, 'not_found', 'error.notFound');
	assertBranch(actor, doc.branchId);
	const moves = await tx
		.select()
		.from(stockMoves)
		.where(eq(stockMoves.documentId, documentId))
		.orderBy(asc(stockMoves.id));
	return { ...doc, moves };
}

/** One document with its lines. */
export async function getDocument(actor: Actor, documentId: number): Promise<DocumentWithMoves> {
	requirePermission(actor, 'stock', 'view');
	return getDocumentIn(await getDb(), actor, documentId);
}

export const documentFilterSchema = z.object({
	kind: z.enum(STOCK_DOCUMENT_KINDS).optional(),
	status: z.enum(STOCK_DOCUMENT_STATUSES).optional(),
	requestId: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50)
});

/** Documents newest first, filtered by kind, status or request, within the actor's branch. */
export async function listDocuments(actor: Actor, raw: unknown = {}): Promise<DocumentWithMoves[]> {
	requirePermission(actor, 'stock', 'view');
	const filter = parseOrThrow(documentFilterSchema, raw ?? {});
	const db = await getDb();
	const conditions: SQL[] = [];
	if (actor.user.branchId !== null)
		conditions.push(eq(stockDocuments.branchId, actor.user.branchId));
	if (filter.kind) conditions.push(eq(stockDocuments.kind, filter.kind));
	if (filter.status) conditions.push(eq(stockDocuments.status, filter.status));
	if (filter.requestId) conditions.push(eq(stockDocuments.requestId, filter.requestId));
	const docs = await db
		.select()
		.from(stockDocuments)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(stockDocuments.id))
		.limit(filter.limit);
	if (!docs.length) return [];
	const moves = await db
		.select()
		.from(stockMoves)
		.where(
			inArray(
				stockMoves.documentId,
				docs.map((d) => d.id)
			)
		)
		.orderBy(asc(stockMoves.id));
	return docs.map((d) => ({ ...d, moves: moves.filter((m) => m.documentId === d.id) }));
}

/** One document for its page: lines with store and part names, source links and journal entry. */
export async function documentPage(actor: Actor, documentId: number) {
	const doc = await getDocument(actor, documentId);
	const db = await getDb();
	const lines = await db
		.select({
			id: stockMoves.id,
			quantity: stockMoves.quantity,
			serial: stockMoves.serial,
			unitCostRials: stockMoves.unitCostRials,
			warehouseCode: warehouses.code,
			warehouseNameFa: warehouses.nameFa,
			warehouseNameEn: warehouses.nameEn,
			productCode: products.code,
			productNameFa: products.nameFa,
			productNameEn: products.nameEn
		})
		.from(stockMoves)
		.innerJoin(warehouses, eq(warehouses.id, stockMoves.warehouseId))
		.innerJoin(products, eq(products.id, stockMoves.productId))
		.where(eq(stockMoves.documentId, documentId))
		.orderBy(asc(stockMoves.id));
	const [entry] = await db
		.select({ id: journalEntries.id, totalRials: journalEntries.totalDebitRials })
		.from(journalEntries)
		.where(
			and(eq(journalEntries.sourceType, 'stock_document'), eq(journalEntries.sourceId, doc.id))
		);
	const [reversedBy] = await db
		.select({ id: stockDocuments.id, number: stockDocuments.number })
		.from(stockDocuments)
		.where(eq(stockDocuments.reversesId, doc.id));
	const [reverses] = doc.reversesId
		? await db
				.select({ id: stockDocuments.id, number: stockDocuments.number })
				.from(stockDocuments)
				.where(eq(stockDocuments.id, doc.reversesId))
		: [];
	return {
		document: { ...doc, moves: undefined },
		lines,
		journalEntry: entry ?? null,
		reversedBy: reversedBy ?? null,
		reverses: reverses ?? null
	};
}
