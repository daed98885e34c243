/** The one typed event contract shared by the Socket.IO server and its clients. */

/** What a board or live view follows: every branch (`all`) or one branch by id. */
export type BoardScope = 'all' | number;

/** The room that carries a scope's events. */
export function scopeRoom(scope: BoardScope): string {
	return scope === 'all' ? 'all' : `branch:${scope}`;
}

/** Names in both languages, so one payload serves Persian and English screens. */
export interface BilingualName {
	fa: string;
	en: string;
}

/** A request as boards and the dispatch console show it, read after the change committed. */
export interface BoardRequest {
	id: number;
	formNumber: string;
	branchId: number;
	status: string;
	version: number;
	createdAt: string;
	statusChangedAt: string;
	product: BilingualName;
	/** The open service order, if the work has been dispatched. */
	orderId: number | null;
	technicianId: number | null;
	technicianName: string | null;
	/** Due time of the open order (priority SLA in the branch's working hours). */
	dueAt: string | null;
	priority: (BilingualName & { id: number; colour: string }) | null;
}

/** A branch's working calendar, so SLA time left counts only opening hours in the browser too. */
export interface BoardBranch {
	id: number;
	code: string;
	name: BilingualName;
	/** Saturday-first weekly opening intervals in minutes, and Jalali `YYYY/MM/DD` holidays. */
	calendar: { weekly: [number, number][][]; holidays: string[] };
}

export interface BoardCounter {
	id: number;
	branchId: number;
	code: string;
	name: string;
	/** The queue ticket called to this counter (`A012`), or null when the counter is free. */
	servingTicket: string | null;
	/** When that ticket was called, so a waiting-room screen can highlight the latest call. */
	calledAt?: string | null;
}

export interface BoardTechnician {
	id: number;
	name: string;
	branchId: number | null;
}

/** One line of a board's ticker. */
export interface TickerItem {
	seq: number;
	at: string;
	type: string;
	requestId: number | null;
	formNumber: string | null;
	/** The status a request moved to, for status changes. */
	status: string | null;
	/** The technician the request is with, for assignments. */
	technicianName: string | null;
	actorName: string | null;
}

/**
 * Everything a board shows, as of outbox sequence `seq`: the state includes the effect of every
 * event with id ≤ seq and of none after it (see docs/realtime.md for why that holds).
 */
export interface BoardSnapshot {
	seq: number;
	scope: BoardScope;
	takenAt: string;
	branches: BoardBranch[];
	counters: BoardCounter[];
	technicians: BoardTechnician[];
	/** Open requests, plus those received or closed today (for today's intake and deliveries). */
	requests: BoardRequest[];
	/** Latest events of the scope, newest first. */
	recent: TickerItem[];
}

/** A committed domain event as it leaves the outbox; `seq` lets clients detect gaps and resync. */
export interface DomainEventMessage {
	seq: number;
	type: string;
	aggregateType: string;
	aggregateId: string;
	branchId: number | null;
	payload: Record<string, unknown>;
	at: string;
	/**
	 * The id of the previous event in each scope stream this event belongs to: `all` (every
	 * event) and its branch. A client that applied up to N and sees `prev > N` missed something.
	 */
	prev: { all: number; branch: number | null };
	/** The request the event concerns, as it stood when the event was sent (never older than the event). */
	request?: BoardRequest | null;
	actorName?: string | null;
}

/** Progress of a background job, sent only to the room of the user who started it (`user:<id>`). */
export interface JobProgressMessage {
	jobId: string;
	kind: string;
	status: 'queued' | 'running' | 'succeeded' | 'failed';
	progress: number;
	total: number;
	/** Job-specific live facts, e.g. `{ phase: 'reading', rows: 12000 }`. */
	detail: Record<string, unknown>;
	/** Message key of the failure, when status is `failed`. */
	error?: string | null;
}

export type PresenceMode = 'viewing' | 'editing';

export interface PresenceEntry {
	userId: number;
	name: string;
	mode: PresenceMode;
}

export type Ack = (result: { ok: boolean; error?: string }) => void;
export type SnapshotAck = (
	result: { ok: true; snapshot: BoardSnapshot } | { ok: false; error: string }
) => void;

export interface ServerToClientEvents {
	'domain:event': (event: DomainEventMessage) => void;
	/** `scope` is set for board devices: the one scope their token allows. */
	'session:welcome': (info: {
		userId: number | null;
		lastSeq: number;
		boardId?: number | null;
		scope?: BoardScope | null;
	}) => void;
	'job:progress': (progress: JobProgressMessage) => void;
	/** Who has a request open now (every socket, every process), sent to its room on each change. */
	'presence:state': (state: { requestId: number; people: PresenceEntry[] }) => void;
}

export interface ClientToServerEvents {
	'room:join': (room: string, ack: Ack) => void;
	'room:leave': (room: string) => void;
	/** The full state of a scope the socket has joined, with the sequence it was taken at. */
	'board:snapshot': (scope: BoardScope, ack: SnapshotAck) => void;
	'presence:join': (input: { requestId: number; mode: PresenceMode }, ack: Ack) => void;
	'presence:leave': (requestId: number) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
	userId: number | null;
	boardId: number | null;
	/** Effective permissions (area → level) and branch scope, checked at every room join. */
	grants: Partial<Record<string, 'view' | 'edit' | 'manage'>>;
	branchId: number | null;
	/** Agency users see only their agency's requests, so scope rooms are closed to them. */
	agencyId?: number | null;
	displayName?: string;
	/** Hash of the session the socket signed in with; re-checked when access changes. */
	sessionId?: string | null;
	/** Requests this socket is present on, with how. */
	presence?: Record<string, PresenceMode>;
}
