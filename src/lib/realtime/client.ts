/**
 * The browser's one Socket.IO connection, shared by every component that listens for live
 * updates. It authenticates with the session cookie and reconnects by itself; components only
 * subscribe and unsubscribe.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './contract';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;
let boardToken: string | null = null;

/** The shared socket, connected on first use (browser only). */
export function getSocket(): ClientSocket {
	if (typeof window === 'undefined') throw new Error('getSocket() is browser-only');
	socket ??= io({
		withCredentials: true,
		reconnection: true,
		reconnectionDelay: 500,
		reconnectionDelayMax: 5_000,
		...(boardToken ? { auth: { boardToken } } : {})
	});
	return socket;
}

/**
 * Makes the shared socket authenticate as a wall board (its link token) instead of the session
 * cookie; call before getSocket(). A board page has no signed-in user.
 */
export function useBoardToken(token: string): void {
	if (boardToken === token) return;
	boardToken = token;
	if (socket) {
		socket.auth = { boardToken: token };
		socket.disconnect().connect();
	}
}

/** Listens for one server event; returns the function that stops listening. */
export function onServerEvent<E extends keyof ServerToClientEvents>(
	event: E,
	handler: ServerToClientEvents[E]
): () => void {
	const s = getSocket();
	// socket.io-client's typed overloads do not narrow through a generic event name.
	(s.on as (e: string, h: unknown) => void)(event, handler);
	return () => (s.off as (e: string, h: unknown) => void)(event, handler);
}

/** Calls `listener` on every (re)connection, so a page can fetch what it missed while offline. */
export function onConnect(listener: () => void): () => void {
	const s = getSocket();
	s.on('connect', listener);
	return () => s.off('connect', listener);
}

/** Closes the connection, e.g. at sign-out; the next getSocket() opens a new one. */
export function closeSocket(): void {
	socket?.disconnect();
	socket = null;
}
