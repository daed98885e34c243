import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export { schema };

/** The one database type services see, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; services that take part in a caller's transaction accept `Db | Tx`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;
export type Driver = 'pglite' | 'postgres';

interface Handle {
	db: Db;
	driver: Driver;
	close: () => Promise<void>;
}

export interface OpenOptions {
	/** postgres:// URL; when absent the embedded PGlite is used. */
	url?: string;
	/** PGlite directory; `memory://` for a throw-away database. */
	dataDir?: string;
	migrationsFolder?: string;
}

const GLOBAL_KEY = Symbol.for('khadamat.db');
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Handle> };

/** Opens the database (PGlite or PostgreSQL) and applies pending migrations under a lock. */
export async function openDatabase(options: OpenOptions): Promise<Handle> {
	const migrationsFolder = path.resolve(options.migrationsFolder ?? 'drizzle');
	if (options.url) {
		const client = postgres(options.url, { max: 10, onnotice: () => {} });
		const db = drizzlePostgres(client, { schema }) as unknown as Db;
		// Several app processes may start at once; only one may migrate at a time. A one-connection
		// client keeps the advisory lock and the migration on the same session.
		const migrator = postgres(options.url, { max: 1, onnotice: () => {} });
		try {
			await migrator`select pg_advisory_lock(727274)`;
			await migrator`create extension if not exists pg_trgm`;
			await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder });
			await migrator`select pg_advisory_unlock(727274)`;
		} finally {
			await migrator.end();
		}
		return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
	}
	const dataDir = options.dataDir ?? './data';
	if (!dataDir.startsWith('memory://') && !existsSync(dataDir))
		mkdirSync(dataDir, { recursive: true });
	const client = await PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir, {
		extensions: { pg_trgm }
	});
	await client.exec('create extension if not exists pg_trgm');
	const pgliteDb = drizzlePglite(client, { schema });
	await migratePglite(pgliteDb, { migrationsFolder });
	return { db: pgliteDb as unknown as Db, driver: 'pglite', close: () => client.close() };
}

/** Installs an already-open database as the process-wide one (tests and scripts). */
export function useDatabase(handle: Handle): void {
	(globalThis as GlobalWithDb)[GLOBAL_KEY] = Promise.resolve(handle);
}

/** The process-wide database, opened on first use from DATABASE_URL / DATA_DIR. */
export function connect(): Promise<Handle> {
	const g = globalThis as GlobalWithDb;
	g[GLOBAL_KEY] ??= openDatabase({
		url: process.env.DATABASE_URL || undefined,
		dataDir: process.env.DATA_DIR || './data'
	});
	return g[GLOBAL_KEY];
}

/** Shorthand for services: the process-wide drizzle instance. */
export async function getDb(): Promise<Db> {
	return (await connect()).db;
}

/** Closes the process-wide database, if one was opened. */
export async function closeDatabase(): Promise<void> {
	const g = globalThis as GlobalWithDb;
	const handle = g[GLOBAL_KEY];
	g[GLOBAL_KEY] = undefined;
	if (handle) await (await handle).close();
}

/** Reports whether the database answers a trivial query, for /healthz. */
export async function pingDatabase(): Promise<{ ok: boolean; driver: Driver }> {
	const { db, driver } = await connect();
	try {
		await db.execute(sql`select 1`);
		return { ok: true, driver };
	} catch {
		return { ok: false, driver };
	}
}
