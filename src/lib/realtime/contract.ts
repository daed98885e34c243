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

export interface ServerToClientEvents {
	'domain:event': (event: DomainEventMessage) => void;
	'session:welcome': (info: { userId: number | null; lastSeq: number }) => void;
}

export interface ClientToServerEvents {
	'room:join': (room: string, ack: (result: { ok: boolean; error?: string }) => void) => void;
	'room:leave': (room: string) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
	userId: number | null;
	boardId: number | null;
}
