/**
 * The durable job queue: rows in `job`, claimed with `FOR UPDATE SKIP LOCKED` so several app
 * processes share the work without a broker and a crash loses nothing but the attempt in flight.
 */
import { and, eq, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { jobs, type Job } from '../db/schema';

export interface EnqueueInput {
	kind: string;
	payload?: Record<string, unknown>;
	createdBy?: number | null;
	/** Shown before the first progress report, e.g. 100 for percent-based jobs. */
	total?: number;
	/** Not before this instant (a retry waiting out its backoff). */
	runAfter?: Date | null;
}

const wakeListeners = new Set<() => void>();

/** Adds a job in the caller's transaction, so the job exists exactly when the work it refers to does. */
export async function enqueueJob(tx: Executor, input: EnqueueInput): Promise<Job> {
	const [job] = await tx
		.insert(jobs)
		.values({
			kind: input.kind,
			payload: input.payload ?? {},
			createdBy: input.createdBy ?? null,
			total: input.total ?? 0,
			runAfter: input.runAfter ?? null
		})
		.returning();
	return job;
}

/** Tells this process's runner to look for work now rather than at its next poll; call after commit. */
export function notifyJobsQueued(): void {
	for (const listener of wakeListeners) listener();
}

/** Subscribes a runner to `notifyJobsQueued`; returns the unsubscribe function. */
export function onJobsQueued(listener: () => void): () => void {
	wakeListeners.add(listener);
	return () => wakeListeners.delete(listener);
}

/** One job by id, or null. */
export async function getJob(id: string, executor?: Executor): Promise<Job | null> {
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	const db = executor ?? (await getDb());
	const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
	return job ?? null;
}

/** The most recent job of a kind whose payload contains `match` (e.g. the jobs of one import). */
export async function findLatestJob(
	kind: string,
	match: Record<string, unknown>
): Promise<Job | null> {
	const db = await getDb();
	const [job] = await db
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, kind), sql`${jobs.payload} @> ${JSON.stringify(match)}::jsonb`))
		.orderBy(sql`${jobs.createdAt} desc`)
		.limit(1);
	return job ?? null;
}

/**
 * Claims the oldest queued job of the given kinds for `workerId`. SKIP LOCKED makes concurrent
 * claimers pass over each other's rows instead of waiting, so each job goes to exactly one.
 */
export async function claimNextJob(workerId: string, kinds: string[]): Promise<Job | null> {
	if (!kinds.length) return null;
	const db = await getDb();
	const next = db
		.select({ id: jobs.id })
		.from(jobs)
		.where(
			and(
				eq(jobs.status, 'queued'),
				inArray(jobs.kind, kinds),
				or(isNull(jobs.runAfter), lte(jobs.runAfter, sql`now()`))
			)
		)
		.orderBy(jobs.createdAt, jobs.id)
		.limit(1)
		.for('update', { skipLocked: true });
	const now = new Date();
	const [job] = await db
		.update(jobs)
		.set({
			status: 'running',
			attempts: sql`${jobs.attempts} + 1`,
			workerId,
			heartbeatAt: now,
			startedAt: now,
			updatedAt: now
		})
		.where(inArray(jobs.id, next))
		.returning();
	return job ?? null;
}

/** Records progress of a running job (only while this worker still holds it). */
export async function saveJobProgress(
	id: string,
	workerId: string,
	update: { progress: number; total: number; detail?: Record<string, unknown> }
): Promise<void> {
	const db = await getDb();
	await db
		.update(jobs)
		.set({
			progress: update.progress,
			total: update.total,
			...(update.detail ? { detail: update.detail } : {}),
			heartbeatAt: new Date(),
			updatedAt: new Date()
		})
		.where(and(eq(jobs.id, id), eq(jobs.workerId, workerId), eq(jobs.status, 'running')));
}

/** Proves the worker is alive so other processes do not re-queue its job. */
export async function heartbeatJob(id: string, workerId: string): Promise<void> {
	const db = await getDb();
	await db
		.update(jobs)
		.set({ heartbeatAt: new Date() })
		.where(and(eq(jobs.id, id), eq(jobs.workerId, workerId), eq(jobs.status, 'running')));
}

/** Marks a job done with its report; false when the job was taken from this worker meanwhile. */
export async function completeJob(
	id: string,
	workerId: string,
	report: Record<string, unknown>,
	detail?: Record<string, unknown>
): Promise<boolean> {
	const db = await getDb();
	const done = await db
		.update(jobs)
		.set({
			status: 'succeeded',
			report,
			...(detail ? { detail } : {}),
			finishedAt: new Date(),
			updatedAt: new Date(),
			progress: sql`greatest(${jobs.total}, ${jobs.progress})`
		})
		.where(and(eq(jobs.id, id), eq(jobs.workerId, workerId), eq(jobs.status, 'running')))
		.returning({ id: jobs.id });
	return done.length > 0;
}

/** Marks a job failed with a message for its owner (and an optional partial report). */
export async function failJob(
	id: string,
	workerId: string,
	error: string,
	report?: Record<string, unknown>
): Promise<void> {
	const db = await getDb();
	await db
		.update(jobs)
		.set({
			status: 'failed',
			error,
			...(report ? { report } : {}),
			finishedAt: new Date(),
			updatedAt: new Date()
		})
		.where(and(eq(jobs.id, id), eq(jobs.workerId, workerId), eq(jobs.status, 'running')));
}

/**
 * Puts back in the queue jobs whose worker stopped heart-beating (its process died), except this
 * worker's own. With `all`, every other worker's running job counts as orphaned: right for the
 * embedded PGlite, which only one process can ever open.
 */
export async function requeueOrphanedJobs(
	workerId: string,
	options: { staleSeconds?: number; all?: boolean } = {}
): Promise<number> {
	const db = await getDb();
	const stale = options.all
		? sql`true`
		: or(
				isNull(jobs.heartbeatAt),
				lt(jobs.heartbeatAt, sql`now() - make_interval(secs => ${options.staleSeconds ?? 30})`)
			);
	const rows = await db
		.update(jobs)
		.set({ status: 'queued', workerId: null, updatedAt: new Date() })
		.where(
			and(eq(jobs.status, 'running'), or(isNull(jobs.workerId), ne(jobs.workerId, workerId)), stale)
		)
		.returning({ id: jobs.id });
	return rows.length;
}
