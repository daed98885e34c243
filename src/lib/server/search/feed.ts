/**
 * The Meilisearch feed: a durable outbox consumer (position in `outbox_cursor`) that pushes the
 * current search documents of every request an event touched. Pushing the current row (never
 * the event's own data) makes it idempotent and keeps each document in order: a replay or a
 * retry writes the same latest state. A failed batch is retried with backoff without moving the
 * cursor, so nothing is skipped.
 */
import { asc, eq, gt, inArray, max, sql } from 'drizzle-orm';
import { getDb, type Db } from '../db';
import { outbox, outboxCursors, searchOrders, searchRequests, searchWorkLogs } from '../db/schema';
import type { SearchEngine } from './engine';
import { SEARCH_EVENT_PREFIXES, requestsOfEvent } from './projector';

export const FEED_CONSUMER = 'search:meilisearch';
const BATCH = 500;
const POLL_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** Where the feed stands: last outbox id pushed, newest outbox id, and the difference. */
export interface FeedLag {
	cursor: number;
	head: number;
	lag: number;
	updatedAt: Date | null;
}

/** Reads the feed's lag (outbox head minus cursor). */
export async function feedLag(db?: Db): Promise<FeedLag> {
	const conn = db ?? (await getDb());
	const [head] = await conn.select({ id: max(outbox.id) }).from(outbox);
	const [cursor] = await conn
		.select()
		.from(outboxCursors)
		.where(eq(outboxCursors.consumer, FEED_CONSUMER));
	const headId = Number(head?.id ?? 0);
	const cursorId = Number(cursor?.lastId ?? 0);
	return {
		cursor: cursorId,
		head: headId,
		lag: Math.max(0, headId - cursorId),
		updatedAt: cursor?.updatedAt ?? null
	};
}

/** Moves the feed's cursor (the reindex rewinds it to replay what happened while it rebuilt). */
export async function setFeedCursor(lastId: number, db?: Db): Promise<void> {
	const conn = db ?? (await getDb());
	await conn
		.insert(outboxCursors)
		.values({ consumer: FEED_CONSUMER, lastId, updatedAt: new Date() })
		.onConflictDoUpdate({ target: outboxCursors.consumer, set: { lastId, updatedAt: new Date() } });
}

/**
 * Pushes one batch of events after the cursor and advances it. The cursor row is locked for the
 * batch (skipped when another process holds it), so several app processes feed one index once.
 */
export async function feedOnce(engine: SearchEngine, db?: Db): Promise<number> {
	const conn = db ?? (await getDb());
	await conn
		.insert(outboxCursors)
		.values({ consumer: FEED_CONSUMER, lastId: 0 })
		.onConflictDoNothing();
	return conn.transaction(async (tx) => {
		const [cursor] = await tx
			.select()
			.from(outboxCursors)
			.where(eq(outboxCursors.consumer, FEED_CONSUMER))
			.for('update', { skipLocked: true });
		if (!cursor) return 0;
		const events = await tx
			.select()
			.from(outbox)
			.where(gt(outbox.id, cursor.lastId))
			.orderBy(asc(outbox.id))
			.limit(BATCH);
		if (!events.length) return 0;
		const requestIds = new Set<number>();
		for (const event of events) {
			if (!SEARCH_EVENT_PREFIXES.some((p) => event.type.startsWith(p))) continue;
			for (const id of await requestsOfEvent(tx, event)) requestIds.add(id);
		}
		if (requestIds.size) {
			const ids = [...requestIds];
			const [requests, orders, logs] = await Promise.all([
				tx.select().from(searchRequests).where(inArray(searchRequests.requestId, ids)),
				tx.select().from(searchOrders).where(inArray(searchOrders.requestId, ids)),
				tx.select().from(searchWorkLogs).where(inArray(searchWorkLogs.requestId, ids))
			]);
			await engine.indexDocuments('requests', requests);
			await engine.indexDocuments('orders', orders);
			await engine.indexDocuments('work-logs', logs);
		}
		const lastId = events[events.length - 1]!.id;
		await tx
			.update(outboxCursors)
			.set({ lastId, updatedAt: sql`now()` })
			.where(eq(outboxCursors.consumer, FEED_CONSUMER));
		return events.length;
	});
}

/** Runs the feed in this process until stopped; errors back off exponentially and retry. */
export function startSearchFeed(engine: SearchEngine): () => void {
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let failures = 0;
	const loop = () => {
		if (stopped) return;
		feedOnce(engine)
			.then((n) => {
				failures = 0;
				timer = setTimeout(loop, n === BATCH ? 0 : POLL_MS);
			})
			.catch((error: unknown) => {
				failures += 1;
				const wait = Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures);
				console.error(`Search feed failed (attempt ${failures}); retrying in ${wait} ms`, error);
				timer = setTimeout(loop, wait);
			});
	};
	loop();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
