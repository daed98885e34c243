// Shared by server.js (production) and the Vite plugin (development): the one place that
// creates the Socket.IO server and hands it to the SvelteKit app through a global symbol.
export const IO_KEY = Symbol.for('khadamat.io');
export const SHUTDOWN_KEY = Symbol.for('khadamat.shutdown');

/** @type {Record<symbol, any>} */
const registry = /** @type {any} */ (globalThis);

/** @param {typeof import('socket.io').Server} Server */
export function createSocketServer(Server) {
	const existing = registry[IO_KEY];
	if (existing) return existing;
	const io = new Server({
		serveClient: false,
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false }
	});
	registry[IO_KEY] = io;
	return io;
}

/** Vite plugin: serve Socket.IO from the dev server too. */
export function socketIoDevPlugin() {
	return {
		name: 'khadamat-socket-io',
		/** @param {import('vite').ViteDevServer} server */
		async configureServer(server) {
			if (!server.httpServer) return;
			const { Server } = await import('socket.io');
			const io = createSocketServer(Server);
			io.attach(server.httpServer);
		}
	};
}
