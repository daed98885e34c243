/**
 * Keeping a live view exactly in step with the server, whatever the network does: a snapshot
 * taken at outbox sequence `seq`, then only events after it, each checked against the id of
 * the event that preceded it in the same scope stream. Pure logic, shared by the browser, the
 * benchmark and the tests; the transport is passed in.
 */
import type {
	BoardRequest,
	BoardScope,
	BoardSnapshot,
	DomainEventMessage,
	TickerItem
} from './contract';

export const TICKER_LENGTH = 12;

/** What a view holds: the snapshot's lists and the requests by id, as of `seq`. */
export interface BoardData extends Omit<BoardSnapshot, 'requests' | 'recent'> {
	requests: Map<number, BoardRequest>;
	ticker: TickerItem[];
}

/** What to do with an incoming event, given the last sequence applied. */
export type Verdict = 'apply' | 'duplicate' | 'foreign' | 'gap';

/** Decides on an event: already seen, not of this scope, the next one, or proof that one was missed. */
export function classify(
	lastSeq: number,
	scope: BoardScope,
	event: Pick<DomainEventMessage, 'seq' | 'branchId' | 'prev'>
): Verdict {
	if (scope !== 'all' && event.branchId !== scope) return 'foreign';
	if (event.seq <= lastSeq) return 'duplicate';
	const previous = scope === 'all' ? event.prev.all : (event.prev.branch ?? 0);
	return previous > lastSeq ? 'gap' : 'apply';
}

/** A view's data from a snapshot. */
export function fromSnapshot(snapshot: BoardSnapshot): BoardData {
	const { requests, recent, ...rest } = snapshot;
	return {
		...rest,
		requests: new Map(requests.map((r) => [r.id, r])),
		ticker: recent.slice(0, TICKER_LENGTH)
	};
}

/** The request an event is about, if any. */
export function requestIdOf(event: DomainEventMessage): number | null {
	if (event.request) return event.request.id;
	const raw =
		event.aggregateType === 'service_request' ? event.aggregateId : event.payload.requestId;
	const id = Number(raw);
	return Number.isInteger(id) && id > 0 ? id : null;
}

/** The ticker line of an event, or null for events that are not about a request. */
export function tickerItemOf(event: DomainEventMessage): TickerItem | null {
	const requestId = requestIdOf(event);
	if (requestId === null) return null;
	const formNumber =
		typeof event.payload.formNumber === 'string'
			? event.payload.formNumber
			: (event.request?.formNumber ?? null);
	return {
		seq: event.seq,
		at: event.at,
		type: event.type,
		requestId,
		formNumber,
		status: typeof event.payload.to === 'string' ? event.payload.to : null,
		technicianName: event.request?.technicianName ?? null,
		actorName: event.actorName ?? null
	};
}

/**
 * Applies one event (already classified `apply`) and returns the new data. The request row the
 * event carries was read after the event committed, so it replaces whatever the view had.
 */
export function applyEvent(data: BoardData, event: DomainEventMessage): BoardData {
	let requests = data.requests;
	let technicians = data.technicians;
	const row = event.request;
	if (row) {
		requests = new Map(requests);
		if (data.scope === 'all' || row.branchId === data.scope) requests.set(row.id, row);
		else requests.delete(row.id);
		if (row.technicianId !== null && !technicians.some((t) => t.id === row.technicianId)) {
			technicians = [
				...technicians,
				{ id: row.technicianId, name: row.technicianName ?? '', branchId: row.branchId }
			];
		}
	}
	const line = tickerItemOf(event);
	const ticker = line ? [line, ...data.ticker].slice(0, TICKER_LENGTH) : data.ticker;
	return {
		...data,
		seq: event.seq,
		requests,
		technicians,
		ticker,
		counters: countersAfter(data, event)
	};
}

/** Counters after a queue ticket event: the counter it names shows the ticket it now serves. */
function countersAfter(data: BoardData, event: DomainEventMessage): BoardData['counters'] {
	if (event.aggregateType !== 'queue_ticket') return data.counters;
	const { counterId, servingTicket, calledAt } = event.payload;
	if (typeof counterId !== 'number') return data.counters;
	return data.counters.map((c) =>
		c.id === counterId
			? {
					...c,
					servingTicket: typeof servingTicket === 'string' ? servingTicket : null,
					// A recall announces the number again: it counts as the latest call.
					calledAt:
						event.type === 'queue_ticket.recalled'
							? event.at
							: typeof calledAt === 'string'
								? calledAt
								: null
				}
			: c
	);
}

export interface SyncStats {
	snapshots: number;
	gaps: number;
	applied: number;
	duplicates: number;
}

/**
 * The resync state machine. `resync()` after every (re)connection that did not recover its
 * session; `receive()` for every `domain:event`. Events that arrive while a snapshot is on its
 * way are held and replayed through the same checks once it lands.
 */
export class BoardSync {
	data: BoardData | null;
	readonly stats: SyncStats = { snapshots: 0, gaps: 0, applied: 0, duplicates: 0 };
	private held: DomainEventMessage[] | null = null;
	private generation = 0;

	constructor(
		readonly scope: BoardScope,
		private readonly fetchSnapshot: () => Promise<BoardSnapshot>,
		private readonly onChange: (data: BoardData) => void = () => {},
		initial: BoardSnapshot | null = null
	) {
		this.data = initial ? fromSnapshot(initial) : null;
	}

	/** Whether a snapshot is being fetched. */
	get syncing(): boolean {
		return this.held !== null;
	}

	/** Takes a fresh snapshot and replays what arrived meanwhile; a newer call supersedes this one. */
	async resync(): Promise<void> {
		const generation = ++this.generation;
		this.held = [];
		let snapshot: BoardSnapshot;
		try {
			snapshot = await this.fetchSnapshot();
		} catch (error) {
			if (generation === this.generation) this.held = null;
			throw error;
		}
		if (generation !== this.generation) return;
		const held = this.held ?? [];
		this.held = null;
		this.stats.snapshots += 1;
		this.data = fromSnapshot(snapshot);
		for (const event of held) this.receive(event, false);
		this.onChange(this.data);
	}

	/** Handles one live event; returns what was done with it. */
	receive(event: DomainEventMessage, notify = true): Verdict | 'held' | 'ignored' {
		if (this.held) {
			this.held.push(event);
			return 'held';
		}
		if (!this.data) return 'ignored';
		const verdict = classify(this.data.seq, this.scope, event);
		if (verdict === 'duplicate') this.stats.duplicates += 1;
		if (verdict === 'gap') {
			this.stats.gaps += 1;
			void this.resync().catch(() => {});
		}
		if (verdict === 'apply') {
			this.stats.applied += 1;
			this.data = applyEvent(this.data, event);
			if (notify) this.onChange(this.data);
		}
		return verdict;
	}
}
