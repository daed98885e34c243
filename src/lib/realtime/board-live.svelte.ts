/**
 * A live board in the browser: the shared socket, the scope room, and the BoardSync state
 * machine, exposed as reactive state for the board and dispatch pages.
 */
import { BoardSync, fromSnapshot, type BoardData } from './board-sync';
import { getSocket, type ClientSocket } from './client';
import { scopeRoom, type BoardScope, type BoardSnapshot } from './contract';

/** How the page is connected: shown as the "reconnecting…" banner or a final notice. */
export type LinkState = 'connecting' | 'online' | 'offline' | 'revoked' | 'signed_out';

const RETRY_MS = 2_000;

function joinRoom(socket: ClientSocket, room: string): Promise<void> {
	return new Promise((resolve, reject) => {
		socket.timeout(10_000).emit('room:join', room, (error, result) => {
			if (error) reject(error);
			else if (!result.ok) reject(new Error(result.error ?? 'forbidden'));
			else resolve();
		});
	});
}

function requestSnapshot(socket: ClientSocket, scope: BoardScope): Promise<BoardSnapshot> {
	return new Promise((resolve, reject) => {
		socket.timeout(20_000).emit('board:snapshot', scope, (error, result) => {
			if (error) reject(error);
			else if (!result.ok) reject(new Error(result.error));
			else resolve(result.snapshot);
		});
	});
}

export class LiveBoard {
	data: BoardData = $state.raw() as BoardData;
	link: LinkState = $state('connecting');
	/** Sequence of the last event applied, for tests and diagnostics. */
	seq = $derived(this.data.seq);
	readonly scope: BoardScope;
	private readonly boardDevice: boolean;

	constructor(initial: BoardSnapshot, options: { boardDevice?: boolean } = {}) {
		this.scope = initial.scope;
		this.data = fromSnapshot(initial);
		this.boardDevice = options.boardDevice ?? false;
	}

	/** Connects and keeps the data in step until the returned function is called. */
	start(): () => void {
		const socket = getSocket();
		let stopped = false;
		let retry: ReturnType<typeof setTimeout> | undefined;
		const sync = new BoardSync(
			this.scope,
			() => requestSnapshot(socket, this.scope),
			(data) => (this.data = data)
		);
		sync.data = this.data;

		const catchUp = async () => {
			clearTimeout(retry);
			try {
				await joinRoom(socket, scopeRoom(this.scope));
				await sync.resync();
			} catch {
				if (!stopped && socket.connected) retry = setTimeout(() => void catchUp(), RETRY_MS);
			}
		};
		const onConnect = () => {
			this.link = 'online';
			// A recovered session kept its rooms and got the missed events replayed; the
			// sequence check still re-snapshots should anything be missing.
			if (!socket.recovered) void catchUp();
		};
		const onDisconnect = (reason: string) => {
			// Only the server ends a connection on purpose: a revoked board or an ended session.
			this.link =
				reason === 'io server disconnect'
					? this.boardDevice
						? 'revoked'
						: 'signed_out'
					: 'offline';
		};
		const onConnectError = (error: Error) => {
			this.link =
				error.message === 'unauthorized'
					? this.boardDevice
						? 'revoked'
						: 'signed_out'
					: 'offline';
		};
		const onEvent = (event: Parameters<typeof sync.receive>[0]) => void sync.receive(event);

		socket.on('connect', onConnect);
		socket.on('disconnect', onDisconnect);
		socket.on('connect_error', onConnectError);
		socket.on('domain:event', onEvent);
		if (socket.connected) onConnect();
		return () => {
			stopped = true;
			clearTimeout(retry);
			socket.off('connect', onConnect);
			socket.off('disconnect', onDisconnect);
			socket.off('connect_error', onConnectError);
			socket.off('domain:event', onEvent);
		};
	}
}
