import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { getConfig } from '../config';
import { getDb } from '../db';
import { startOutboxDispatcher } from './dispatcher';
import { ensureOutboxCommitOrder } from './ordering';
import { attachRealtime, type RealtimeServer } from './server';

/**
 * Joins this process's Socket.IO server to the others on the same PostgreSQL database, so that
 * room-wide operations (disconnecting a revoked board, listing who is present on a request)
 * reach sockets held by every process. Domain events do not travel this way: each process's
 * dispatcher reads the outbox itself and emits locally.
 */
async function attachPostgresAdapter(
	io: RealtimeServer,
	url: string
): Promise<() => Promise<void>> {
	const pool = new pg.Pool({ connectionString: url, max: 3 });
	pool.on('error', (error) => console.error('Socket.IO adapter connection failed', error));
	// Payloads over NOTIFY's 8000-byte limit go through this table (the adapter cleans it up).
	// Processes starting together may race to create it; the loser finds it there.
	const create = `create table if not exists socket_io_attachments (
		id bigserial unique,
		created_at timestamptz default now(),
		payload bytea
	)`;
	await pool.query(create).catch(() => pool.query(create));
	io.adapter(createAdapter(pool, { channelPrefix: 'khadamat_io' }));
	return async () => {
		await pool.end();
	};
}

/**
 * Wires realtime into a starting process: commit-ordered outbox ids, the cross-process adapter
 * when on PostgreSQL, authentication and rooms, and the outbox dispatcher. Returns the stop
 * function shutdown calls after the sockets have closed.
 */
export async function startRealtime(io: RealtimeServer): Promise<() => Promise<void>> {
	await ensureOutboxCommitOrder(await getDb());
	const url = getConfig().DATABASE_URL;
	const closeAdapter = url ? await attachPostgresAdapter(io, url) : async () => {};
	attachRealtime(io);
	const stopDispatcher = startOutboxDispatcher(io);
	return async () => {
		stopDispatcher();
		await closeAdapter().catch(() => {});
	};
}
