import type { Job } from '../db/schema';

/** What a job handler gets: its job row and a cheap, throttled progress callback. */
export interface JobContext {
	job: Job;
	progress(progress: number, total: number, detail?: Record<string, unknown>): void;
}

/**
 * Does the work of one job and returns its report. Throw an AppError for an expected failure
 * (its message key becomes the job's error; `details` becomes the report).
 */
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown>>;
