import { asc, gt, sql } from 'drizzle-orm';
import type { DomainEventMessage } from '#lib/realtime/contract';
import { getDb } from '../db';
import { outbox, type OutboxEvent } from '../db/schema';
import type { RealtimeServer } from './server';

const POLL_MS = 150;
const BATCH = 500;

/** Rooms an event goes to: its branch, the all-branches room, and any users or request named in it. */
export function roomsForEvent(event: OutboxEvent): string[] {
	const rooms = ['all'];
	if (event.branchId !== null) rooms.push(`branch:${event.branchId}`);
	if (event.aggregateType === 'service_request') rooms.push(`request:${event.aggregateId}`);
	const payload = event.payload as Record<string, unknown>;
	for (const key of ['requestId']) {
		if (typeof payload[key] === 'number' || typeof payload[key] === 'string') rooms.push(`request:${String(payload[key])}`);
	}
	for (const key of ['technicianId', 'previousTechnicianId', 'userId']) {
		if (typeof payload[key] === 'number') rooms.push(`user:${payload[key]}`);
	}
	return [...new Set(rooms)];
}

/** The wire form of an outbox row. */
export function toMessage(event: OutboxEvent): DomainEventMessage {
	return {
		seq: event.id,
		type: event.type,
		aggregateType: event.aggregateType,
		aggregateId: event.aggregateId,
		branchId: event.branchId,
		payload: event.payload,
		at: event.createdAt.toISOString()
	};
}

/**
 * Broadcasts committed outbox events to Socket.IO rooms. Every app process runs its own
 * dispatcher over the shared table and serves its own sockets, so rolled-back changes are never
 * seen and several processes need no extra broker for this path.
 */
export function startOutboxDispatcher(io: RealtimeServer): () => void {
	let stopped = false;
	let lastId: number | null = null;
	let timer: NodeJS.Timeout | undefined;

	const tick = async () => {
		const db = await getDb();
		if (lastId === null) {
			const [row] = await db.select({ max: sql<number>`coalesce(max(${outbox.id}), 0)::bigint` }).from(outbox);
			lastId = Number(row?.max ?? 0);
		}
		const rows = await db.select().from(outbox).where(gt(outbox.id, lastId)).orderBy(asc(outbox.id)).limit(BATCH);
		for (const row of rows) {
			io.to(roomsForEvent(row)).emit('domain:event', toMessage(row));
			lastId = row.id;
		}
		return rows.length === BATCH;
	};

	const loop = () => {
		if (stopped) return;
		tick()
			.then((more) => {
				timer = setTimeout(loop, more ? 0 : POLL_MS);
			})
			.catch((error: unknown) => {
				console.error('Outbox dispatcher failed; retrying', error);
				timer = setTimeout(loop, POLL_MS * 10);
			});
	};
	loop();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
