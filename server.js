// Production entry: one HTTP server for SvelteKit (adapter-node handler) and Socket.IO.
import { createServer } from 'node:http';

process.env.NODE_ENV ??= 'production';
// Warranty imports and attachments are uploaded as files; adapter-node's default is 512 KB.
process.env.BODY_SIZE_LIMIT ??= '300M';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
// adapter-node derives the request origin from headers and assumes https, which would fail
// SvelteKit's CSRF origin check on a plain-http local run. We set the headers it reads ourselves
// (overwriting anything a client sent): from ORIGIN when given, else http + the Host header.
const publicOrigin = process.env.ORIGIN ? new URL(process.env.ORIGIN) : null;
process.env.PROTOCOL_HEADER = 'x-khadamat-proto';
process.env.HOST_HEADER = 'x-khadamat-host';
/** @param {import('node:http').IncomingMessage} req */
function stampOrigin(req) {
	const proto = publicOrigin ? publicOrigin.protocol.slice(0, -1) : 'http';
	const host = publicOrigin ? publicOrigin.host : req.headers.host;
	req.headers['x-khadamat-proto'] = proto;
	req.headers['x-khadamat-host'] = host;
	// Kavenegar forwards inbound SMS as a form POST from its servers, with no Origin header, which
	// SvelteKit's CSRF check refuses. Webhook paths authenticate by their secret, and a browser's
	// cross-site form always sends an Origin, so only an absent one is filled in, only there.
	if (!req.headers.origin && req.url?.startsWith('/api/webhooks/')) {
		req.headers.origin = `${proto}://${host}`;
	}
}
import { Server } from 'socket.io';
import { createSocketServer, SHUTDOWN_KEY } from './socket-server.js';

const io = createSocketServer(Server);
// The app's init hook (run when the handler loads) attaches auth and rooms to this server.
// A variable specifier keeps the type checker out of the generated bundle.
const handlerPath = './build/handler.js';
/** @type {{ handler: import('node:http').RequestListener }} */
const { handler } = await import(handlerPath);

const server = createServer((req, res) => {
	stampOrigin(req);
	handler(req, res);
});
io.attach(server);
server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

let stopping = false;
/** @param {string} signal */
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: finishing open requests and closing`);
	const force = setTimeout(() => process.exit(1), 30_000);
	force.unref();
	// io.close() also closes the HTTP server, which waits for in-flight requests.
	await /** @type {Promise<void>} */ (new Promise((resolve) => io.close(() => resolve())));
	server.closeIdleConnections();
	await /** @type {Record<symbol, (() => Promise<void>) | undefined>} */ (
		/** @type {unknown} */ (globalThis)
	)[SHUTDOWN_KEY]?.();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
