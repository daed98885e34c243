import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import {
	E2E_DATA_DIR,
	E2E_SMS_INBOUND_SECRET,
	SERVER_LOG_FILE,
	SERVER_PID_FILE,
	SETUP_LINK_FILE
} from './paths';

const ROOT = path.resolve(import.meta.dirname, '../..');
// A cold PGlite start (create the database, run every migration) is slow on a busy 2-core machine.
const START_TIMEOUT_MS = 300_000;

/** Starts the built app on a fresh embedded database and records its one-time setup link. */
export default async function globalSetup(config: FullConfig): Promise<void> {
	const baseURL = String(config.projects[0]?.use.baseURL);
	if (!existsSync(path.join(ROOT, 'build/handler.js'))) {
		throw new Error('build/ is missing: run `npm run build` before the end-to-end tests');
	}
	if (await answers(`${baseURL}/healthz`)) {
		throw new Error(
			`Something already listens on ${baseURL}; stop it so the tests get a fresh app`
		);
	}
	rmSync(E2E_DATA_DIR, { recursive: true, force: true });
	mkdirSync(E2E_DATA_DIR, { recursive: true });

	// Without ADMIN_* and DATABASE_URL the app starts on an empty PGlite and prints a setup link,
	// which is exactly the first run a new service centre sees.
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const key of ['DATABASE_URL', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'HOST']) delete env[key];
	Object.assign(env, {
		PORT: new URL(baseURL).port,
		ORIGIN: baseURL,
		DATA_DIR: E2E_DATA_DIR,
		KAVENEGAR_INBOUND_SECRET: E2E_SMS_INBOUND_SECRET
	});
	// Output goes to a file, not a pipe: a pipe nobody drains would stall the server mid-run.
	const log = openSync(SERVER_LOG_FILE, 'a');
	const child = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env,
		stdio: ['ignore', log, log]
	});
	const state: { exited: number | null } = { exited: null };
	child.on('exit', (code) => (state.exited = code ?? -1));
	writeFileSync(SERVER_PID_FILE, String(child.pid));

	const started = Date.now();
	let link: string | undefined;
	while (Date.now() - started < START_TIMEOUT_MS) {
		if (state.exited !== null) {
			throw new Error(`The app exited (code ${state.exited}) while starting:\n${readLog()}`);
		}
		const output = readLog();
		link ??= output.match(/https?:\/\/\S+\/setup\?token=[a-z0-9]+/)?.[0];
		if (link && /Listening on/.test(output) && (await answers(`${baseURL}/healthz`))) break;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	if (!link || !(await answers(`${baseURL}/healthz`))) {
		child.kill('SIGTERM');
		throw new Error(
			`The app did not start with a setup link within ${START_TIMEOUT_MS / 1000}s:\n${readLog()}`
		);
	}
	writeFileSync(SETUP_LINK_FILE, link);
	// The runner must not wait for the server; global-teardown stops it by pid.
	child.unref();
}

function readLog(): string {
	return existsSync(SERVER_LOG_FILE) ? readFileSync(SERVER_LOG_FILE, 'utf8') : '';
}

async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
		return response.ok;
	} catch {
		return false;
	}
}
