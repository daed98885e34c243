/**
 * The stock ledger's consistency check (`npm run stock:check`). Stock is never a stored counter:
 * it is the sum of posted document lines. This recomputes, independently of the services, what
 * the ledger implies and compares it with what the rest of the system says:
 *
 * - on hand per warehouse and product (the figure pages and the API show) against Σ posted moves,
 *   and no store below zero unless it allows negative stock;
 * - every serial of a serialised part in at most one place, never "out" more than "in";
 * - the consignment store against the requests: a unit is there exactly while its request is open;
 * - every posted stock document's journal entry against the lines its moves imply (right
 *   accounts, right amounts), and every journal entry balanced.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { journalLinesFor } from '#lib/domain/journal';
import { FINAL_STATUSES } from '#lib/domain/lifecycle';
import type { Executor } from '../db';
import {
	journalEntries,
	journalLines,
	products,
	serviceRequests,
	stockDocuments,
	stockMoves,
	warehouses
} from '../db/schema';
import { INBOUND_KINDS } from './documents';
import { onHand } from './warehouses';

export interface StockProblem {
	check: 'on_hand' | 'negative' | 'serial' | 'consignment' | 'journal' | 'balance';
	message: string;
	details: Record<string, unknown>;
}

export interface StockCheckReport {
	warehouses: number;
	documents: number;
	moves: number;
	journalEntries: number;
	problems: StockProblem[];
}

/** Σ quantity × cost in Rials, one rounding per document (the same rule posting uses). */
function documentValue(moves: { quantity: number; unitCostRials: bigint }[]): bigint {
	let milli = 0n;
	for (const m of moves) milli += BigInt(Math.round(m.quantity * 1000)) * m.unitCostRials;
	const negative = milli < 0n;
	const rounded = ((negative ? -milli : milli) + 500n) / 1000n;
	return negative ? -rounded : rounded;
}

/** Runs every check over the whole database; read-only. */
export async function checkStockConsistency(db: Executor): Promise<StockCheckReport> {
	const problems: StockProblem[] = [];
	const stores = await db.select().from(warehouses).orderBy(asc(warehouses.id));
	const docs = await db
		.select()
		.from(stockDocuments)
		.where(ne(stockDocuments.status, 'draft'))
		.orderBy(asc(stockDocuments.id));
	const moves = docs.length
		? await db
				.select({
					documentId: stockMoves.documentId,
					warehouseId: stockMoves.warehouseId,
					productId: stockMoves.productId,
					quantity: stockMoves.quantity,
					serial: stockMoves.serial,
					unitCostRials: stockMoves.unitCostRials,
					serialised: products.serialised,
					productCode: products.code
				})
				.from(stockMoves)
				.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
				.innerJoin(products, eq(products.id, stockMoves.productId))
				.where(ne(stockDocuments.status, 'draft'))
				.orderBy(asc(stockMoves.id))
		: [];

	// 1. On hand as served vs. recomputed here, per warehouse and product.
	for (const store of stores) {
		const mine = moves.filter((m) => m.warehouseId === store.id);
		const expected = new Map<number, number>();
		for (const m of mine)
			expected.set(
				m.productId,
				Math.round(((expected.get(m.productId) ?? 0) + m.quantity) * 1000) / 1000
			);
		const served = await onHand(db, store.id);
		const servedBy = new Map(served.map((r) => [r.productId, r.quantity]));
		for (const [productId, quantity] of expected) {
			const shown = servedBy.get(productId) ?? 0;
			if (Math.abs(shown - quantity) > 1e-9)
				problems.push({
					check: 'on_hand',
					message: `${store.code}: product ${productId} shows ${shown}, ledger says ${quantity}`,
					details: { warehouseId: store.id, productId, shown, ledger: quantity }
				});
			if (quantity < -1e-9 && !store.allowNegative)
				problems.push({
					check: 'negative',
					message: `${store.code}: product ${productId} is below zero (${quantity})`,
					details: { warehouseId: store.id, productId, quantity }
				});
		}
		for (const [productId, shown] of servedBy)
			if (!expected.has(productId) && shown !== 0)
				problems.push({
					check: 'on_hand',
					message: `${store.code}: product ${productId} shows ${shown} with no posted lines`,
					details: { warehouseId: store.id, productId, shown }
				});

		// 2. Serials: each one in the store at most once, and never more out than in where the
		// part came in by serial (bulk receipts carry none, so the serial of a part fitted from
		// them is first seen on its way out).
		const tracked = new Set(
			mine.filter((m) => m.serialised && m.serial && m.quantity > 0).map((m) => m.productId)
		);
		const serials = new Map<string, number>();
		for (const m of mine)
			if (m.serialised && m.serial)
				serials.set(
					`${m.productId}|${m.serial}`,
					(serials.get(`${m.productId}|${m.serial}`) ?? 0) + Math.sign(m.quantity)
				);
		for (const [key, count] of serials)
			if (count > 1 || (count < 0 && tracked.has(Number(key.split('|')[0]))))
				problems.push({
					check: 'serial',
					message: `${store.code}: serial ${key.split('|')[1]} counted ${count} times`,
					details: {
						warehouseId: store.id,
						productId: Number(key.split('|')[0]),
						serial: key.split('|')[1],
						count
					}
				});
	}

	// 3. Consignment: a customer's unit is on the premises exactly while its request is open.
	const consignmentStores = new Set(
		stores.filter((s) => s.kind === 'consignment').map((s) => s.id)
	);
	const perRequest = new Map<number, number>();
	for (const doc of docs) {
		if (doc.requestId === null) continue;
		for (const m of moves)
			if (m.documentId === doc.id && consignmentStores.has(m.warehouseId))
				perRequest.set(doc.requestId, (perRequest.get(doc.requestId) ?? 0) + m.quantity);
	}
	if (perRequest.size) {
		const requests = await db
			.select({
				id: serviceRequests.id,
				formNumber: serviceRequests.formNumber,
				status: serviceRequests.status
			})
			.from(serviceRequests)
			.where(inArray(serviceRequests.id, [...perRequest.keys()]));
		for (const r of requests) {
			const expected = (FINAL_STATUSES as readonly string[]).includes(r.status) ? 0 : 1;
			const held = perRequest.get(r.id) ?? 0;
			if (held !== expected)
				problems.push({
					check: 'consignment',
					message: `request ${r.formNumber} (${r.status}): ${held} unit(s) in consignment, expected ${expected}`,
					details: { requestId: r.id, status: r.status, held, expected }
				});
		}
	}

	// 4. Journal: each posted document's entry matches what its moves imply.
	const entries = docs.length
		? await db
				.select()
				.from(journalEntries)
				.where(
					and(
						eq(journalEntries.sourceType, 'stock_document'),
						inArray(
							journalEntries.sourceId,
							docs.map((d) => d.id)
						)
					)
				)
		: [];
	const lines = entries.length
		? await db
				.select({
					entryId: journalLines.entryId,
					role: journalLines.memo,
					debit: journalLines.debitRials,
					credit: journalLines.creditRials
				})
				.from(journalLines)
				.where(
					inArray(
						journalLines.entryId,
						entries.map((e) => e.id)
					)
				)
		: [];
	for (const doc of docs) {
		const signed = documentValue(moves.filter((m) => m.documentId === doc.id));
		const valueRials = INBOUND_KINDS.includes(doc.kind) ? signed : -signed;
		const expected = journalLinesFor({ type: 'stock', kind: doc.kind, valueRials });
		const mine = entries.filter((e) => e.sourceId === doc.id);
		const actual = lines.filter((l) => mine.some((e) => e.id === l.entryId));
		const key = (l: { role: string; debit: bigint; credit: bigint }) =>
			`${l.role}:${l.debit}:${l.credit}`;
		const want = expected
			.map((l) => key({ role: l.role, debit: l.debit, credit: l.credit }))
			.sort();
		const got = actual.map(key).sort();
		if (mine.length > 1 || want.join() !== got.join())
			problems.push({
				check: 'journal',
				message: `${doc.number}: journal ${got.join(' ') || 'none'} but its lines imply ${want.join(' ') || 'none'}`,
				details: { documentId: doc.id, expected: want, actual: got, entries: mine.map((e) => e.id) }
			});
	}

	// 5. Every entry balanced (the database refuses otherwise; this catches a dropped trigger).
	const unbalanced = await db.execute(
		sql`select e.id from journal_entry e join journal_line l on l.entry_id = e.id
			group by e.id, e.total_debit_rials having sum(l.debit_rials) <> sum(l.credit_rials) or sum(l.debit_rials) <> e.total_debit_rials`
	);
	const rows = Array.isArray(unbalanced)
		? unbalanced
		: ((unbalanced as { rows?: unknown[] }).rows ?? []);
	for (const row of rows as { id: number }[])
		problems.push({
			check: 'balance',
			message: `journal entry ${row.id} is not balanced`,
			details: { entryId: row.id }
		});
	const [{ count: entryCount } = { count: 0 }] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(journalEntries);

	return {
		warehouses: stores.length,
		documents: docs.length,
		moves: moves.length,
		journalEntries: entryCount,
		problems
	};
}
