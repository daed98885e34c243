import { parseCookie } from 'cookie';
import { eq } from 'drizzle-orm';
import type { Server, Socket } from 'socket.io';
import {
	scopeRoom,
	type BoardScope,
	type BoardSnapshot,
	type ClientToServerEvents,
	type InterServerEvents,
	type PresenceEntry,
	type PresenceMode,
	type ServerToClientEvents,
	type SocketData
} from '#lib/realtime/contract';
import { can, loadGrants, type Grants } from '../auth/access';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions';
import { buildBoardSnapshot } from '../boards/read-model';
import { findActiveBoard, touchBoard } from '../boards/tokens';
import { getDb } from '../db';
import { serviceRequests, sessions, users, type OutboxEvent } from '../db/schema';

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
type RealtimeSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

const IO_KEY = Symbol.for('khadamat.io');
const ATTACHED = Symbol.for('khadamat.io.attached');
type GlobalWithIo = typeof globalThis & { [IO_KEY]?: RealtimeServer };

/** The Socket.IO server that server.js (production) or the Vite plugin (development) created. */
export function getRealtimeServer(): RealtimeServer | undefined {
	return (globalThis as GlobalWithIo)[IO_KEY];
}

/** Authenticates a handshake by session cookie or bearer token (`auth.token`). */
export async function authenticateSocket(socket: Pick<RealtimeSocket, 'handshake'>): Promise<{
	userId: number;
	grants: Grants;
	branchId: number | null;
	agencyId: number | null;
	displayName: string;
	sessionId: string;
} | null> {
	const auth = socket.handshake.auth as { token?: unknown } | undefined;
	const cookieHeader = socket.handshake.headers.cookie;
	const found =
		typeof auth?.token === 'string'
			? await validateSessionToken(auth.token, 'api')
			: cookieHeader && parseCookie(cookieHeader)[SESSION_COOKIE]
				? await validateSessionToken(parseCookie(cookieHeader)[SESSION_COOKIE]!, 'web')
				: null;
	if (!found) return null;
	return {
		userId: found.user.id,
		grants: await loadGrants(found.user.id),
		branchId: found.user.branchId,
		agencyId: found.user.agencyId,
		displayName: found.user.displayName,
		sessionId: found.session.id
	};
}

/** Identity of a socket opened by a wall board with its link token (`auth.boardToken`). */
async function authenticateBoard(token: string): Promise<SocketData | null> {
	const board = await findActiveBoard(token);
	if (!board) return null;
	return {
		userId: null,
		boardId: board.id,
		// A board is read-only and sees exactly one scope; it holds no other grant.
		grants: { boards: 'view' },
		branchId: board.branchId,
		agencyId: null,
		displayName: board.name,
		sessionId: null
	};
}

/** Decides whether a socket may join a room; returns false to refuse. */
export type RoomAuthorizer = (data: SocketData, id: string) => boolean | Promise<boolean>;

/** Staff who may follow a scope's live stream: boards, request lists, the dispatch console. */
function followsScopes(data: SocketData): boolean {
	return (
		(data.agencyId ?? null) === null &&
		(can(data, 'boards', 'view') || can(data, 'requests', 'view') || can(data, 'orders', 'view'))
	);
}

const authorizers = new Map<string, RoomAuthorizer>([
	[
		'all',
		(data) =>
			data.boardId !== null ? data.branchId === null : data.branchId === null && followsScopes(data)
	],
	[
		'branch',
		(data, id) =>
			data.boardId !== null
				? // A board joins its own branch only; an all-branches board follows `all`.
					data.branchId !== null && String(data.branchId) === id
				: (data.branchId === null || String(data.branchId) === id) && followsScopes(data)
	],
	['user', (data, id) => data.userId !== null && String(data.userId) === id],
	[
		'request',
		async (data, id) => {
			if (data.userId === null || !can(data, 'requests', 'view')) return false;
			const requestId = Number(id);
			if (!Number.isInteger(requestId) || requestId <= 0) return false;
			const db = await getDb();
			const [row] = await db
				.select({ branchId: serviceRequests.branchId, agencyId: serviceRequests.agencyId })
				.from(serviceRequests)
				.where(eq(serviceRequests.id, requestId));
			// The same scope rule as canSeeRequest in the service context, on the socket's identity.
			if (!row || (data.branchId !== null && row.branchId !== data.branchId)) return false;
			return (data.agencyId ?? null) === null || row.agencyId === data.agencyId;
		}
	]
]);

/** Lets a bounded context decide who may join its rooms (`<prefix>:<id>`), e.g. `request:42`. */
export function registerRoomAuthorizer(prefix: string, authorize: RoomAuthorizer): void {
	authorizers.set(prefix, authorize);
}

/** Checks a room join on the server; unknown room kinds are refused. */
export async function mayJoinRoom(data: SocketData, room: string): Promise<boolean> {
	const [prefix, id = ''] = room.split(':', 2);
	const authorize = authorizers.get(prefix);
	if (!authorize) return false;
	try {
		return await authorize(data, id);
	} catch {
		return false;
	}
}

function parseScope(value: unknown): BoardScope | null {
	if (value === 'all') return 'all';
	return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** Everyone present on a request across all processes (the adapter answers for the others). */
async function broadcastPresence(io: RealtimeServer, requestId: number): Promise<void> {
	const room = `request:${requestId}`;
	const sockets = await io.in(room).fetchSockets();
	const people = new Map<number, PresenceEntry>();
	for (const s of sockets) {
		const mode = s.data.presence?.[String(requestId)];
		if (!mode || s.data.userId === null) continue;
		const known = people.get(s.data.userId);
		// One person in two tabs, one of them editing, is editing.
		if (!known || mode === 'editing')
			people.set(s.data.userId, { userId: s.data.userId, name: s.data.displayName ?? '', mode });
	}
	io.to(room).emit('presence:state', { requestId, people: [...people.values()] });
}

/**
 * Snapshots being built, by scope. A snapshot that started after a socket joined the scope room is
 * just as valid for it as a fresh one, so a wave of screens reconnecting after a restart shares a
 * handful of snapshots instead of each costing one.
 */
const snapshotsInFlight = new Map<string, { started: number; promise: Promise<BoardSnapshot> }>();

function sharedSnapshot(scope: BoardScope, joinedAt: number): Promise<BoardSnapshot> {
	const key = String(scope);
	const current = snapshotsInFlight.get(key);
	if (current && current.started > joinedAt) return current.promise;
	const started = performance.now();
	const promise = buildBoardSnapshot(scope).finally(() => {
		if (snapshotsInFlight.get(key)?.promise === promise) snapshotsInFlight.delete(key);
	});
	snapshotsInFlight.set(key, { started, promise });
	return promise;
}

const lastSeenWritten = new Map<number, number>();

/** Records that a board is alive, at most once a minute per board and process. */
function noteBoardSeen(boardId: number): void {
	const now = Date.now();
	if ((lastSeenWritten.get(boardId) ?? 0) > now - 60_000) return;
	lastSeenWritten.set(boardId, now);
	void touchBoard(boardId).catch(() => {});
}

function onConnection(io: RealtimeServer, socket: RealtimeSocket): void {
	const data = socket.data;
	// When the socket entered each room (a recovered session's rooms count from now).
	const joinedAt = new Map<string, number>(
		[...socket.rooms].map((room) => [room, performance.now()])
	);
	const joinRoom = async (room: string) => {
		await socket.join(room);
		joinedAt.set(room, performance.now());
	};
	if (data.userId !== null) void socket.join(`user:${data.userId}`);
	// Staff hear their scope's changes on any page (live lists); boards join theirs explicitly.
	if (data.userId !== null && followsScopes(data)) void joinRoom(scopeRoom(data.branchId ?? 'all'));
	if (data.boardId !== null) {
		// Revocation disconnects this room, on every process.
		void socket.join(`board:${data.boardId}`);
		noteBoardSeen(data.boardId);
	}
	socket.emit('session:welcome', {
		userId: data.userId,
		lastSeq: 0,
		boardId: data.boardId,
		scope: data.boardId !== null ? (data.branchId ?? 'all') : null
	});

	socket.on('room:join', (room, ack) => {
		if (typeof room !== 'string' || typeof ack !== 'function') return;
		void mayJoinRoom(socket.data, room).then(async (ok) => {
			if (ok) await joinRoom(room);
			ack(ok ? { ok } : { ok, error: 'forbidden' });
		});
	});
	socket.on('room:leave', (room) => {
		if (typeof room !== 'string' || room.startsWith('board:') || room.startsWith('user:')) return;
		joinedAt.delete(room);
		void socket.leave(room);
	});

	socket.on('board:snapshot', (rawScope, ack) => {
		if (typeof ack !== 'function') return;
		const scope = parseScope(rawScope);
		if (scope === null) return ack({ ok: false, error: 'invalid' });
		// The snapshot is only consistent with the live stream the socket is already in.
		const room = scopeRoom(scope);
		if (!socket.rooms.has(room)) return ack({ ok: false, error: 'join_first' });
		void mayJoinRoom(socket.data, room)
			.then(async (ok) => {
				if (!ok) return ack({ ok: false, error: 'forbidden' });
				const snapshot = await sharedSnapshot(scope, joinedAt.get(room) ?? performance.now());
				if (socket.data.boardId !== null) noteBoardSeen(socket.data.boardId);
				ack({ ok: true, snapshot });
			})
			.catch((error: unknown) => {
				console.error('Board snapshot failed', error);
				ack({ ok: false, error: 'internal' });
			});
	});

	socket.on('presence:join', (input, ack) => {
		if (typeof ack !== 'function') return;
		const requestId = Number(input?.requestId);
		const mode: PresenceMode = input?.mode === 'editing' ? 'editing' : 'viewing';
		if (!Number.isInteger(requestId) || requestId <= 0) return ack({ ok: false, error: 'invalid' });
		const room = `request:${requestId}`;
		void mayJoinRoom(socket.data, room)
			.then(async (ok) => {
				if (!ok) return ack({ ok: false, error: 'forbidden' });
				await socket.join(room);
				socket.data.presence = { ...(socket.data.presence ?? {}), [String(requestId)]: mode };
				ack({ ok: true });
				await broadcastPresence(io, requestId);
			})
			.catch(() => ack({ ok: false, error: 'internal' }));
	});
	socket.on('presence:leave', (rawId) => {
		const requestId = Number(rawId);
		if (!Number.isInteger(requestId) || !socket.data.presence?.[String(requestId)]) return;
		const { [String(requestId)]: _left, ...rest } = socket.data.presence;
		socket.data.presence = rest;
		void socket.leave(`request:${requestId}`);
		void broadcastPresence(io, requestId).catch(() => {});
	});
	socket.on('disconnect', () => {
		for (const requestId of Object.keys(socket.data.presence ?? {})) {
			void broadcastPresence(io, Number(requestId)).catch(() => {});
		}
	});
}

/** Installs authentication and room handling on the shared Socket.IO server, once per process. */
export function attachRealtime(io: RealtimeServer): void {
	const flagged = io as RealtimeServer & { [ATTACHED]?: boolean };
	if (flagged[ATTACHED]) return;
	flagged[ATTACHED] = true;
	io.use((socket, next) => {
		const boardToken = (socket.handshake.auth as { boardToken?: unknown } | undefined)?.boardToken;
		const identify: Promise<SocketData | null> =
			typeof boardToken === 'string'
				? authenticateBoard(boardToken)
				: authenticateSocket(socket).then((found) => (found ? { ...found, boardId: null } : null));
		identify
			.then((identity) => {
				if (!identity) return next(new Error('unauthorized'));
				// A recovered connection keeps its presence; everything else is re-read now.
				Object.assign(socket.data, identity, { presence: socket.data.presence ?? {} });
				next();
			})
			.catch(() => next(new Error('unauthorized')));
	});
	io.on('connection', (socket) => onConnection(io, socket));
}

/** Disconnects every screen of a board, on every process, e.g. when its link is revoked. */
export function disconnectBoardSockets(boardId: number): void {
	const io = getRealtimeServer();
	if (!io) return;
	io.in(`board:${boardId}`).disconnectSockets(true);
}

/**
 * Re-checks this process's signed-in sockets after access changed (a user, role or group was
 * edited): a socket whose session ended is disconnected, and rooms its user may no longer see
 * are left, so no later event reaches it.
 */
export async function revalidateSockets(io: RealtimeServer): Promise<void> {
	const db = await getDb();
	const local = [...io.of('/').sockets.values()].filter((s) => s.data.userId !== null);
	const grantsByUser = new Map<number, Grants>();
	for (const socket of local) {
		const { sessionId, userId } = socket.data;
		const [row] = sessionId
			? await db
					.select({
						expiresAt: sessions.expiresAt,
						active: users.active,
						branchId: users.branchId,
						agencyId: users.agencyId
					})
					.from(sessions)
					.innerJoin(users, eq(users.id, sessions.userId))
					.where(eq(sessions.id, sessionId))
			: [];
		if (!row || !row.active || row.expiresAt.getTime() <= Date.now()) {
			socket.disconnect(true);
			continue;
		}
		let grants = grantsByUser.get(userId!);
		if (!grants) grantsByUser.set(userId!, (grants = await loadGrants(userId!)));
		socket.data.grants = grants;
		socket.data.branchId = row.branchId;
		socket.data.agencyId = row.agencyId;
		for (const room of socket.rooms) {
			if (room === socket.id || room.startsWith('user:')) continue;
			if (!(await mayJoinRoom(socket.data, room))) await socket.leave(room);
		}
	}
}

/** What a process does itself when certain events pass its dispatcher. */
export async function reactToEvents(io: RealtimeServer, events: OutboxEvent[]): Promise<void> {
	let accessChanged = false;
	for (const event of events) {
		if (event.type === 'board.revoked') {
			// Also reaches processes the adapter could not (e.g. one started after the revoke).
			io.local.in(`board:${event.aggregateId}`).disconnectSockets(true);
		}
		if (['user', 'role', 'user_group'].includes(event.aggregateType)) accessChanged = true;
	}
	if (accessChanged)
		await revalidateSockets(io).catch((error: unknown) =>
			console.error('Socket revalidation failed', error)
		);
}
