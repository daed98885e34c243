// Gives every integration test file its own fresh database: an in-memory PGlite, or a new
// PostgreSQL database created from TEST_DATABASE_URL and dropped afterwards.
import { afterAll, beforeAll } from 'vitest';
import { closeDatabase, openDatabase, useDatabase } from '#lib/server/db';
import { ensureBuiltInRoles } from '#lib/server/auth/bootstrap';
import { resetConfig } from '#lib/server/config';
import '#lib/server/search/projector';
import '#lib/server/stock/projectors';
import '#lib/server/reports/facts';
import postgres from 'postgres';

const driver = process.env.TEST_DRIVER ?? 'pglite';
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
	resetConfig();
	if (driver === 'postgres') {
		const base = process.env.TEST_DATABASE_URL;
		if (!base) throw new Error('TEST_DATABASE_URL is required for the postgres project');
		const name = `khadamat_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = postgres(base, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database "${name}"`);
		const url = new URL(base);
		url.pathname = `/${name}`;
		useDatabase(await openDatabase({ url: url.toString() }));
		dropDatabase = async () => {
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		};
	} else {
		useDatabase(await openDatabase({ dataDir: 'memory://' }));
	}
	await ensureBuiltInRoles();
});

afterAll(async () => {
	await closeDatabase();
	await dropDatabase?.();
});
