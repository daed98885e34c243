import { parseCookie } from 'cookie';
import type { Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '#lib/realtime/contract';
import { loadGrants, type Grants } from '../auth/access';
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
export async function authenticateSocket(socket: RealtimeSocket): Promise<{ userId: number; grants: Grants } | null> {
	const auth = socket.handshake.auth as { token?: unknown } | undefined;
	if (typeof auth?.token === 'string') {
		const found = await validateSessionToken(auth.token, 'api');
		if (found) return { userId: found.user.id, grants: await loadGrants(found.user.id) };
	}
	const cookieHeader = socket.handshake.headers.cookie;
	const token = cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
	if (token) {
		const found = await validateSessionToken(token, 'web');
		if (found) return { userId: found.user.id, grants: await loadGrants(found.user.id) };
	}
	return null;
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
				next();
			})
			.catch(() => next(new Error('unauthorized')));
	});
	io.on('connection', (socket) => {
		if (socket.data.userId !== null) void socket.join(`user:${socket.data.userId}`);
		socket.emit('session:welcome', { userId: socket.data.userId, lastSeq: 0 });
	});
}
