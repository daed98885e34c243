/**
 * Works the job queue inside the app process: claims one job at a time, runs its handler,
 * streams progress to the owner's Socket.IO room, and records the outcome.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobProgressMessage } from '#lib/realtime/contract';
import { connect } from '../db';
import type { Job } from '../db/schema';
import { AppError } from '../http/errors';
import { getRealtimeServer } from '../realtime/server';
import { JOB_HANDLERS } from './handlers';
import {
	claimNextJob,
	completeJob,
	failJob,
	heartbeatJob,
	onJobsQueued,
	requeueOrphanedJobs,
	saveJobProgress
} from './queue';
import type { JobHandler } from './types';

export type { JobContext, JobHandler } from './types';

const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const POLL_MS = 2_000;
const HEARTBEAT_MS = 5_000;
const ORPHAN_CHECK_MS = 30_000;
/** A worker silent this long is presumed dead; six missed heartbeats. */
const STALE_SECONDS = 30;
const EMIT_EVERY_MS = 150;
const PERSIST_EVERY_MS = 1_000;

/** This process's worker identity, as stored in `job.worker_id`. */
export function currentWorkerId(): string {
	return WORKER_ID;
}

/** Sends one progress message to the job owner's sockets (no-op without Socket.IO, e.g. in scripts). */
export function emitJobProgress(job: Pick<Job, 'createdBy'>, message: JobProgressMessage): void {
	if (job.createdBy === null) return;
	getRealtimeServer()?.to(`user:${job.createdBy}`).emit('job:progress', message);
}

/**
 * Progress goes to sockets often and to the job row at most once a second, one write at a time,
 * latest value winning. On the embedded PGlite a running import transaction holds the only
 * connection, so row writes queue behind it: they must never be awaited by the handler.
 */
function createReporter(job: Job) {
	let state = { progress: 0, total: job.total, detail: {} as Record<string, unknown> };
	let lastEmit = 0;
	let lastPersist = 0;
	let writing: Promise<void> | null = null;
	let dirty = false;

	const persist = () => {
		if (writing) {
			dirty = true;
			return;
		}
		dirty = false;
		lastPersist = Date.now();
		writing = saveJobProgress(job.id, WORKER_ID, state)
			.catch((error) => console.error('job progress write failed', error))
			.finally(() => {
				writing = null;
				if (dirty) persist();
			});
	};

	return {
		report(progress: number, total: number, detail?: Record<string, unknown>) {
			state = {
				progress: Math.round(progress),
				total: Math.round(total),
				detail: detail ?? state.detail
			};
			const now = Date.now();
			if (now - lastEmit >= EMIT_EVERY_MS) {
				lastEmit = now;
				emitJobProgress(job, { jobId: job.id, kind: job.kind, status: 'running', ...state });
			}
			if (now - lastPersist >= PERSIST_EVERY_MS) persist();
		},
		/** Waits for the last progress write so it cannot land after the final status. */
		async settle() {
			dirty = false;
			while (writing) await writing;
		},
		get state() {
			return state;
		}
	};
}

/** The key a failure is shown with: an AppError's own message, anything else a generic one. */
function failureKey(error: unknown): string {
	if (error instanceof AppError) return error.messageKey;
	return 'error.internal';
}

/**
 * Claims and runs the next queued job, if any; returns it as it ended. Tests call this directly
 * (optionally with replacement handlers) instead of starting the polling loop.
 */
export async function runNextJob(
	handlers: Record<string, JobHandler> = JOB_HANDLERS
): Promise<Job | null> {
	const job = await claimNextJob(WORKER_ID, Object.keys(handlers));
	if (!job) return null;
	const reporter = createReporter(job);
	const handler = handlers[job.kind]!;
	const beat = setInterval(() => {
		heartbeatJob(job.id, WORKER_ID).catch(() => {});
	}, HEARTBEAT_MS);
	beat.unref?.();
	emitJobProgress(job, {
		jobId: job.id,
		kind: job.kind,
		status: 'running',
		progress: 0,
		total: job.total,
		detail: {}
	});
	try {
		if (job.attempts > job.maxAttempts) throw new AppError(409, 'job_gave_up', 'jobs.gaveUp');
		const report = await handler({
			job,
			progress: (progress, total, detail) => reporter.report(progress, total, detail)
		});
		clearInterval(beat);
		await reporter.settle();
		await completeJob(job.id, WORKER_ID, report, reporter.state.detail);
		emitJobProgress(job, {
			jobId: job.id,
			kind: job.kind,
			status: 'succeeded',
			progress: Math.max(reporter.state.total, reporter.state.progress),
			total: reporter.state.total,
			detail: reporter.state.detail
		});
		return { ...job, status: 'succeeded', report };
	} catch (error) {
		clearInterval(beat);
		if (!(error instanceof AppError)) console.error(`job ${job.id} (${job.kind}) failed`, error);
		const key = failureKey(error);
		const report =
			error instanceof AppError && (error.details || error.params)
				? { ...(error.details ?? {}), ...(error.params ? { errorParams: error.params } : {}) }
				: undefined;
		await reporter.settle().catch(() => {});
		await failJob(job.id, WORKER_ID, key, report).catch((e) =>
			console.error('could not record job failure', e)
		);
		emitJobProgress(job, {
			jobId: job.id,
			kind: job.kind,
			status: 'failed',
			...reporter.state,
			error: key
		});
		return { ...job, status: 'failed', error: key };
	}
}

const RUNNER_KEY = Symbol.for('khadamat.jobs.runner');
type GlobalWithRunner = typeof globalThis & { [RUNNER_KEY]?: () => void };

/**
 * Starts the polling loop once per process: re-queues jobs orphaned by a dead process, then works
 * the queue one job at a time. Returns a stop function (the current job finishes on its own).
 */
export function startJobRunner(): () => void {
	const g = globalThis as GlobalWithRunner;
	if (g[RUNNER_KEY]) return g[RUNNER_KEY];
	let stopped = false;
	let wake: (() => void) | null = null;
	let lastOrphanCheck = 0;

	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				wake = null;
				resolve();
			}, ms);
			wake = () => {
				clearTimeout(timer);
				wake = null;
				resolve();
			};
		});
	const unsubscribe = onJobsQueued(() => wake?.());

	const loop = async () => {
		const { driver } = await connect();
		// Only one process can open an embedded PGlite, so any job still `running` there is an orphan.
		await requeueOrphanedJobs(
			WORKER_ID,
			driver === 'pglite' ? { all: true } : { staleSeconds: STALE_SECONDS }
		);
		lastOrphanCheck = Date.now();
		while (!stopped) {
			try {
				if (Date.now() - lastOrphanCheck > ORPHAN_CHECK_MS) {
					lastOrphanCheck = Date.now();
					await requeueOrphanedJobs(WORKER_ID, { staleSeconds: STALE_SECONDS });
				}
				const ran = await runNextJob();
				if (!ran) await sleep(POLL_MS);
			} catch (error) {
				console.error('job runner', error);
				await sleep(POLL_MS);
			}
		}
	};
	void loop().catch((error) => console.error('job runner stopped', error));

	const stop = () => {
		stopped = true;
		unsubscribe();
		wake?.();
		g[RUNNER_KEY] = undefined;
	};
	g[RUNNER_KEY] = stop;
	return stop;
}
