/**
 * Helpers shared by the benchmarks that run the BUILT app (`node server.js` over `build/`):
 * starting and stopping it, waiting, and reading a process's memory and CPU from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** The repository root (where server.js and build/ are). */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 100 ms until it is true; throws after `timeoutMs`. */
export async function waitFor(
	check: () => boolean | Promise<boolean>,
	timeoutMs: number,
	what: string
): Promise<void> {
	const started = Date.now();
	while (!(await check())) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(100);
	}
}

/** Whether `npm run build` has produced the server bundle server.js loads. */
export function hasBuild(): boolean {
	return existsSync(path.join(ROOT, 'build/handler.js'));
}

/** A field of /proc/<pid>/status in KiB (VmRSS: resident now, VmHWM: the peak resident so far). */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0);
}

/** Resident memory of a process in KiB. */
export function rssKb(pid: number): number {
	return procStatusKb(pid, 'VmRSS');
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null when unreadable. */
export function cpuSeconds(pid: number): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		// utime and stime, in clock ticks of 1/100 s.
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

/** A TCP port on 127.0.0.1 nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				address && typeof address === 'object'
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

export interface BuiltApp {
	child: ChildProcess;
	/** http://127.0.0.1:<port> */
	url: string;
	/** SIGTERM, then waits for the process to exit. */
	stop: () => Promise<void>;
}

/**
 * Starts the built app (`node server.js`) on 127.0.0.1:`port` with `env` added to this process's
 * environment, its output in `logFile`, and waits until /healthz answers.
 */
export async function startBuiltApp(options: {
	port: number;
	env: Record<string, string>;
	logFile: string;
	timeoutMs?: number;
}): Promise<BuiltApp> {
	const url = `http://127.0.0.1:${options.port}`;
	const out = openSync(options.logFile, 'w');
	const child = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(options.port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			...options.env
		},
		stdio: ['ignore', out, out]
	});
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	};
	try {
		await waitFor(
			async () => {
				if (child.exitCode !== null)
					throw new Error(`the app exited:\n${readFileSync(options.logFile, 'utf8')}`);
				try {
					return (await fetch(`${url}/healthz`)).ok;
				} catch {
					return false;
				}
			},
			options.timeoutMs ?? 120_000,
			'the app to start'
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return { child, url, stop };
}
