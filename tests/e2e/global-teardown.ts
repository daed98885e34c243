import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SERVER_PID_FILE } from './paths';

const STOP_TIMEOUT_MS = 20_000;

/** Stops the app started by global-setup.ts the way an operator would: SIGTERM, then wait. */
export default async function globalTeardown(): Promise<void> {
	if (!existsSync(SERVER_PID_FILE)) return;
	const pid = Number(readFileSync(SERVER_PID_FILE, 'utf8'));
	rmSync(SERVER_PID_FILE, { force: true });
	if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return;
	process.kill(pid, 'SIGTERM');
	const started = Date.now();
	while (isRunning(pid)) {
		if (Date.now() - started > STOP_TIMEOUT_MS) {
			process.kill(pid, 'SIGKILL');
			throw new Error(
				`The app (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000}s of SIGTERM`
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
