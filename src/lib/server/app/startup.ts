import { bootstrapAdministrator } from '../auth/bootstrap';
import { getConfig } from '../config';
import { closeDatabase, connect } from '../db';
import { startJobRunner } from '../jobs/runner';
import { startWebhookFanOut } from '../webhooks/deliveries';
import { startNotifications } from '../notify';
import { getRealtimeServer } from '../realtime/server';
import { startRealtime } from '../realtime/startup';
import { startSearch } from '../search';
import '../stock/projectors';
import '../follow/projector';
import { ensureReportFacts } from '../reports/facts';

/** Opens and migrates the database, makes sure an administrator can exist, and wires Socket.IO. */
export async function startApplication(): Promise<void> {
	const { driver, db } = await connect();
	const { setupToken } = await bootstrapAdministrator();
	if (setupToken) {
		const config = getConfig();
		const origin = config.ORIGIN ?? `http://localhost:${config.PORT}`;
		console.log(
			`\n  No administrator yet. Open this one-time link to choose the admin password ` +
				`(valid ${config.SETUP_TOKEN_MINUTES} minutes):\n\n    ${origin}/setup?token=${setupToken}\n`
		);
	}
	const io = getRealtimeServer();
	const stopRealtime = io ? await startRealtime(io) : async () => {};
	startJobRunner();
	const stopWebhooks = startWebhookFanOut();
	startSearch();
	// A database older than the reports gets its facts once, without holding up the start.
	ensureReportFacts(db).catch((error: unknown) =>
		console.error('Report facts build failed', error)
	);
	const stopNotifications = startNotifications();
	// server.js calls this on SIGTERM after the HTTP server and sockets have closed.
	(globalThis as Record<symbol, unknown>)[Symbol.for('khadamat.shutdown')] = async () => {
		stopWebhooks();
		stopNotifications();
		await stopRealtime();
		await closeDatabase();
	};
	console.log(`Khadamat ready on ${driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}`);
}
