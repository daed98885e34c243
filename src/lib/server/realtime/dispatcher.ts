import { and, desc, eq, lt, sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { DomainEventMessage } from '#lib/realtime/contract';
import { readEventsAfter } from '../boards/read-model';
import { getConfig } from '../config';
import { getDb } from '../db';
import { outbox, type OutboxEvent } from '../db/schema';
import { OUTBOX_CHANNEL } from './ordering';
import { reactToEvents, type RealtimeServer } from './server';

/** Fallback poll; on PostgreSQL a NOTIFY sent at each commit wakes the dispatcher at once. */
const POLL_MS = 150;
const BATCH = 500;

/** Rooms an event goes to: its branch, the all-branches room, and any users or request named in it. */
export function roomsForEvent(event: OutboxEvent): string[] {
	const rooms = ['all'];
	if (event.branchId !== null) rooms.push(`branch:${event.branchId}`);
	if (event.aggregateType === 'service_request') rooms.push(`request:${event.aggregateId}`);
	const payload = event.payload as Record<string, unknown>;
	for (const key of ['requestId']) {
		if (typeof payload[key] === 'number' || typeof payload[key] === 'string')
			rooms.push(`request:${String(payload[key])}`);
	}
	// Old and new technician both hear about a reassignment: one loses the work, one gains it.
	for (const key of [
		'technicianId',
		'previousTechnicianId',
		'oldTechnicianId',
		'newTechnicianId',
		'userId'
	]) {
		if (typeof payload[key] === 'number') rooms.push(`user:${payload[key]}`);
	}
	// Notices for tracking groups name every follower.
	if (Array.isArray(payload.userIds)) {
		for (const id of payload.userIds) if (typeof id === 'number') rooms.push(`user:${id}`);
	}
	return [...new Set(rooms)];
}

/** The wire form of an outbox row. */
export function toMessage(
	event: OutboxEvent,
	prev: DomainEventMessage['prev'] = { all: 0, branch: null },
	extra: Pick<DomainEventMessage, 'request' | 'actorName'> = {}
): DomainEventMessage {
	return {
		seq: event.id,
		type: event.type,
		aggregateType: event.aggregateType,
		aggregateId: event.aggregateId,
		branchId: event.branchId,
		payload: event.payload,
		at: event.createdAt.toISOString(),
		prev,
		...extra
	};
}

/**
 * Remembers the last event id sent in each scope stream (`all`, and each branch), so every
 * message can say which event came before it in the streams it belongs to. Because outbox ids
 * are handed out in commit order (see ordering.ts), "the previous committed event of branch B"
 * is a fixed fact every process computes alike.
 */
export class ScopeChains {
	private all: number;
	private readonly branches = new Map<number, number>();

	constructor(start: number) {
		this.all = start;
	}

	/** The previous ids of this event's streams; advances them to this event. */
	async next(
		event: OutboxEvent,
		previousInBranch: (branchId: number, before: number) => Promise<number>
	): Promise<DomainEventMessage['prev']> {
		const prevAll = this.all;
		this.all = event.id;
		if (event.branchId === null) return { all: prevAll, branch: null };
		let prevBranch = this.branches.get(event.branchId);
		prevBranch ??= await previousInBranch(event.branchId, event.id);
		this.branches.set(event.branchId, event.id);
		return { all: prevAll, branch: prevBranch };
	}
}

async function previousInBranch(branchId: number, before: number): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ id: outbox.id })
		.from(outbox)
		.where(and(eq(outbox.branchId, branchId), lt(outbox.id, before)))
		.orderBy(desc(outbox.id))
		.limit(1);
	return row?.id ?? 0;
}

/** Wakes `wake` on every outbox commit (PostgreSQL LISTEN); returns the function that stops listening. */
async function listenForCommits(url: string, wake: () => void): Promise<() => Promise<void>> {
	const client = postgres(url, { max: 1, onnotice: () => {} });
	// postgres.js re-listens after a reconnect and calls onlisten again; a wake then catches up
	// on whatever committed while the connection was down.
	await client.listen(OUTBOX_CHANNEL, wake, wake);
	return () => client.end({ timeout: 2 });
}

/**
 * Broadcasts committed outbox events to Socket.IO rooms. Every app process runs its own
 * dispatcher over the shared table and serves its own sockets (`io.local`: the adapter must not
 * forward them, the other processes send their own), so rolled-back changes are never seen and
 * several processes need no broker for this path.
 */
export function startOutboxDispatcher(io: RealtimeServer): () => void {
	let stopped = false;
	let lastId: number | null = null;
	let chains: ScopeChains | null = null;
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	let stopListening: (() => Promise<void>) | undefined;

	const tick = async () => {
		const db = await getDb();
		if (lastId === null) {
			const [row] = await db
				.select({ max: sql<string>`coalesce(max(${outbox.id}), 0)` })
				.from(outbox);
			lastId = Number(row?.max ?? 0);
			chains = new ScopeChains(lastId);
		}
		const { events: batch, full } = await readEventsAfter(db, lastId, BATCH);
		if (batch.length === 0) return false;
		for (const { event, request, actorName } of batch) {
			const prev = await chains!.next(event, previousInBranch);
			io.local
				.to(roomsForEvent(event))
				.emit('domain:event', toMessage(event, prev, { request, actorName }));
			lastId = event.id;
		}
		await reactToEvents(
			io,
			batch.map((b) => b.event)
		);
		return full;
	};

	const run = () => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = true;
		clearTimeout(timer);
		tick()
			.then((more) => {
				running = false;
				if (stopped) return;
				if (more || again) {
					again = false;
					setImmediate(run);
				} else timer = setTimeout(run, POLL_MS);
			})
			.catch((error: unknown) => {
				running = false;
				console.error('Outbox dispatcher failed; retrying', error);
				if (!stopped) timer = setTimeout(run, POLL_MS * 10);
			});
	};
	run();

	const url = getConfig().DATABASE_URL;
	if (url) {
		listenForCommits(url, run)
			.then((stop) => {
				if (stopped) void stop();
				else stopListening = stop;
			})
			.catch((error: unknown) => console.error('Outbox LISTEN failed; polling only', error));
	}
	return () => {
		stopped = true;
		clearTimeout(timer);
		void stopListening?.();
	};
}
