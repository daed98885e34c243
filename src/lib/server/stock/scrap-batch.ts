/**
 * The monthly scrap batch: agents send their month's scrap with their invoices, so one step
 * drafts (or posts) a scrap return holding exactly the scrap received into a scrap store in a
 * Jalali month (optionally only from one agency's requests) that is still on hand. Running it
 * again for the same month takes only what is left: lines already claimed by that month's
 * earlier batches, or gone out in any other way, are not offered twice.
 */
import { and, asc, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fromJalali, isValidJalaliDate, toJalali } from '#lib/domain/jalali';
import { normalizeDigits } from '#lib/domain/text';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import { agencies, serviceRequests, stockDocuments, stockMoves, warehouses } from '../db/schema';
import { AppError, parseOrThrow } from '../http/errors';
import { conflict, fieldError } from '../service/errors';
import {
	draftDocumentInTx,
	postDocumentInTx,
	type DocumentWithMoves,
	type MoveInput
} from './documents';

export const scrapBatchSchema = z.object({
	warehouseId: z.coerce.number().int().positive(),
	/** Jalali month as `1405-08` (Persian digits accepted). */
	month: z
		.string()
		.transform((v) => normalizeDigits(v.trim()).replace('/', '-'))
		.refine((v) => {
			const m = /^(\d{4})-(\d{1,2})$/.exec(v);
			return Boolean(m && isValidJalaliDate(Number(m[1]), Number(m[2]), 1));
		}, 'stock.scrapBatch.badMonth')
		.transform((v) => {
			const [y, m] = v.split('-').map(Number) as [number, number];
			return `${y}-${String(m).padStart(2, '0')}`;
		}),
	/** Only the scrap of this agency's requests (an agent's batch). */
	agencyId: z.coerce.number().int().positive().optional(),
	post: z
		.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])])
		.transform((v) => v === true || v === 'true' || v === 'on' || v === '1')
		.optional()
});

/** [start, end) of a Jalali month in Tehran time. */
export function jalaliMonthRange(month: string): { from: Date; to: Date } {
	const [jy, jm] = month.split('-').map(Number) as [number, number];
	const from = fromJalali(jy, jm, 1);
	const to = jm === 12 ? fromJalali(jy + 1, 1, 1) : fromJalali(jy, jm + 1, 1);
	return { from, to };
}

const key = (productId: number, serial: string) => `${productId}|${serial}`;

/** The lines a batch for the month would return now (quantities positive), per product and serial. */
async function linesStillOnHand(
	tx: Executor,
	warehouseId: number,
	month: string,
	agencyId: number | undefined
): Promise<{ productId: number; serial: string; quantity: number }[]> {
	const { from, to } = jalaliMonthRange(month);
	const conditions: SQL[] = [
		eq(stockMoves.warehouseId, warehouseId),
		eq(stockDocuments.kind, 'scrap_receipt'),
		eq(stockDocuments.status, 'posted'),
		gte(stockDocuments.postedAt, from),
		lt(stockDocuments.postedAt, to),
		sql`${stockMoves.quantity} > 0`
	];
	if (agencyId) conditions.push(eq(serviceRequests.agencyId, agencyId));
	const received = await tx
		.select({
			productId: stockMoves.productId,
			serial: stockMoves.serial,
			quantity: sql<string>`sum(${stockMoves.quantity})::text`
		})
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.leftJoin(serviceRequests, eq(serviceRequests.id, stockDocuments.requestId))
		.where(and(...conditions))
		.groupBy(stockMoves.productId, stockMoves.serial);
	if (!received.length) return [];
	const productIds = [...new Set(received.map((r) => r.productId))];
	// Everything posted in the store for those parts (on hand per serial), and the drafts that
	// already claim some of it (a draft batch not posted yet must not be offered twice).
	const ledger = await tx
		.select({
			productId: stockMoves.productId,
			serial: stockMoves.serial,
			posted: sql<string>`coalesce(sum(${stockMoves.quantity}) filter (where ${stockDocuments.status} <> 'draft'), 0)::text`,
			drafted: sql<string>`coalesce(sum(${stockMoves.quantity}) filter (where ${stockDocuments.status} = 'draft' and ${stockMoves.quantity} < 0), 0)::text`
		})
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.where(and(eq(stockMoves.warehouseId, warehouseId), inArray(stockMoves.productId, productIds)))
		.groupBy(stockMoves.productId, stockMoves.serial);
	// What this month's earlier batches took (posted or drafted, not reversed).
	const earlier = await tx
		.select({
			productId: stockMoves.productId,
			serial: stockMoves.serial,
			quantity: sql<string>`coalesce(-sum(${stockMoves.quantity}), 0)::text`
		})
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.where(
			and(
				eq(stockMoves.warehouseId, warehouseId),
				eq(stockDocuments.kind, 'scrap_return'),
				eq(stockDocuments.period, agencyId ? `${month}/${agencyId}` : month),
				ne(stockDocuments.status, 'reversed'),
				sql`${stockDocuments.reversesId} is null`
			)
		)
		.groupBy(stockMoves.productId, stockMoves.serial);
	const onHand = new Map(
		ledger.map((l) => [key(l.productId, l.serial), Number(l.posted) + Number(l.drafted)])
	);
	const taken = new Map(earlier.map((e) => [key(e.productId, e.serial), Number(e.quantity)]));
	const out: { productId: number; serial: string; quantity: number }[] = [];
	for (const r of received) {
		const k = key(r.productId, r.serial);
		const quantity =
			Math.round(Math.min(Number(r.quantity) - (taken.get(k) ?? 0), onHand.get(k) ?? 0) * 1000) /
			1000;
		if (quantity > 0) out.push({ productId: r.productId, serial: r.serial, quantity });
	}
	return out.sort((a, b) => a.productId - b.productId || a.serial.localeCompare(b.serial));
}

/**
 * Drafts (or posts) the month's scrap return for a scrap store; 409 `nothing_to_return` when
 * nothing received that month is still on hand.
 */
export async function returnMonthScrap(
	actor: Actor,
	raw: unknown,
	now: Date = new Date()
): Promise<DocumentWithMoves> {
	requirePermission(actor, 'stock', 'edit');
	const input = parseOrThrow(scrapBatchSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [store] = await tx.select().from(warehouses).where(eq(warehouses.id, input.warehouseId));
		if (!store || (actor.user.branchId !== null && actor.user.branchId !== store.branchId))
			throw new AppError(404, 'not_found', 'error.notFound');
		if (store.kind !== 'scrap') throw fieldError('warehouseId', 'stock.scrapBatch.notScrap');
		const period = input.agencyId ? `${input.month}/${input.agencyId}` : input.month;
		// Two runs for the same store queue here, so the second sees the first one's lines.
		await tx.execute(
			sql`select pg_advisory_xact_lock(hashtextextended(${`scrap-batch:${store.id}`}, 0))`
		);
		const lines = await linesStillOnHand(tx, store.id, input.month, input.agencyId);
		if (!lines.length)
			throw conflict('nothing_to_return', 'stock.scrapBatch.nothing', { month: input.month });
		const moves: MoveInput[] = lines.map((l) => ({
			warehouseId: store.id,
			productId: l.productId,
			quantity: -l.quantity,
			serial: l.serial
		}));
		const doc = await draftDocumentInTx(
			tx,
			actor.user.id,
			{ branchId: store.branchId, kind: 'scrap_return', note: period, period, moves },
			now
		);
		return input.post ? postDocumentInTx(tx, actor.user.id, doc.id, now) : doc;
	});
}

/** What the stock page's batch form offers: the agencies in reach and last month as default. */
export async function scrapBatchChoices(actor: Actor, now: Date = new Date()) {
	requirePermission(actor, 'stock', 'edit');
	const db = await getDb();
	const list = await db
		.select({ id: agencies.id, code: agencies.code, name: agencies.name })
		.from(agencies)
		.where(
			actor.user.branchId !== null
				? and(eq(agencies.branchId, actor.user.branchId), eq(agencies.active, true))
				: eq(agencies.active, true)
		)
		.orderBy(asc(agencies.code))
		.limit(500);
	// Agents send last month's scrap at the start of this one.
	const { jy, jm } = toJalali(now);
	const last = jm === 1 ? { jy: jy - 1, jm: 12 } : { jy, jm: jm - 1 };
	return { agencies: list, month: `${last.jy}-${String(last.jm).padStart(2, '0')}` };
}
