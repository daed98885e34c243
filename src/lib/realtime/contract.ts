/** The one typed event contract shared by the Socket.IO server and its clients. */

/** A committed domain event as it leaves the outbox; `seq` lets clients detect gaps and resync. */
export interface DomainEventMessage {
	seq: number;
	type: string;
	aggregateType: string;
	aggregateId: string;
	branchId: number | null;
	payload: Record<string, unknown>;
	at: string;
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

export interface ServerToClientEvents {
	'domain:event': (event: DomainEventMessage) => void;
	'session:welcome': (info: { userId: number | null; lastSeq: number }) => void;
	'job:progress': (progress: JobProgressMessage) => void;
}

export interface ClientToServerEvents {
	'room:join': (room: string, ack: (result: { ok: boolean; error?: string }) => void) => void;
	'room:leave': (room: string) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
	userId: number | null;
	boardId: number | null;
	/** Effective permissions (area → level) and branch scope, checked at every room join. */
	grants: Partial<Record<string, 'view' | 'edit' | 'manage'>>;
	branchId: number | null;
}
