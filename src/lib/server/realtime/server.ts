import { parseCookie } from 'cookie';
import type { Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '#lib/realtime/contract';
import { can, loadGrants, type Grants } from '../auth/access';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const IO_KEY = Symbol.for('khadamat.io');
const ATTACHED = Symbol.for('khadamat.io.attached');
type GlobalWithIo = typeof globalThis & { [IO_KEY]?: RealtimeServer };

/** The Socket.IO server that server.js (production) or the Vite plugin (development) created. */
export function getRealtimeServer(): RealtimeServer | undefined {
	return (globalThis as GlobalWithIo)[IO_KEY];
}

/** Authenticates a handshake by session cookie or bearer token (`auth.token`). */
export async function authenticateSocket(
	socket: RealtimeSocket
): Promise<{ userId: number; grants: Grants; branchId: number | null } | null> {
	const auth = socket.handshake.auth as { token?: unknown } | undefined;
	const cookieHeader = socket.handshake.headers.cookie;
	const found =
		typeof auth?.token === 'string'
			? await validateSessionToken(auth.token, 'api')
			: cookieHeader && parseCookie(cookieHeader)[SESSION_COOKIE]
				? await validateSessionToken(parseCookie(cookieHeader)[SESSION_COOKIE]!, 'web')
				: null;
	if (!found) return null;
	return { userId: found.user.id, grants: await loadGrants(found.user.id), branchId: found.user.branchId };
}

/** Decides whether a socket may join a room; returns false to refuse. */
export type RoomAuthorizer = (data: SocketData, id: string) => boolean | Promise<boolean>;

const authorizers = new Map<string, RoomAuthorizer>([
	['all', (data) => data.branchId === null && can(data, 'boards', 'view')],
	[
		'branch',
		(data, id) => (data.branchId === null || String(data.branchId) === id) && (can(data, 'boards', 'view') || can(data, 'requests', 'view'))
	],
	['user', (data, id) => String(data.userId) === id]
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

/** Installs authentication and room handling on the shared Socket.IO server, once per process. */
export function attachRealtime(io: RealtimeServer): void {
	const flagged = io as RealtimeServer & { [ATTACHED]?: boolean };
	if (flagged[ATTACHED]) return;
	flagged[ATTACHED] = true;
	io.use((socket, next) => {
		authenticateSocket(socket)
			.then((identity) => {
				if (!identity) return next(new Error('unauthorized'));
				socket.data.userId = identity.userId;
				socket.data.boardId = null;
				socket.data.grants = identity.grants;
				socket.data.branchId = identity.branchId;
				next();
			})
			.catch(() => next(new Error('unauthorized')));
	});
	io.on('connection', (socket) => {
		if (socket.data.userId !== null) void socket.join(`user:${socket.data.userId}`);
		socket.emit('session:welcome', { userId: socket.data.userId, lastSeq: 0 });
		socket.on('room:join', (room, ack) => {
			if (typeof room !== 'string' || typeof ack !== 'function') return;
			void mayJoinRoom(socket.data, room).then(async (ok) => {
				if (ok) await socket.join(room);
				ack(ok ? { ok } : { ok, error: 'forbidden' });
			});
		});
		socket.on('room:leave', (room) => {
			if (typeof room === 'string') void socket.leave(room);
		});
	});
}
