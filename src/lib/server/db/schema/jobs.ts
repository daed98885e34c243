import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Durable background work (imports, later deliveries). Workers claim rows with
 * `FOR UPDATE SKIP LOCKED`, so any number of app processes can share the queue.
 */
export const jobs = pgTable(
	'job',
	{
		/** Random, so a job id handed to a browser or API client cannot be guessed by another user. */
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
		payload: jsonb('payload')
			.$type<Record<string, unknown>>()
			.notNull()
			.default(sql`'{}'::jsonb`),
		progress: integer('progress').notNull().default(0),
		total: integer('total').notNull().default(0),
		/** Small live facts for progress displays (phase, rows read); the full result goes in `report`. */
		detail: jsonb('detail')
			.$type<Record<string, unknown>>()
			.notNull()
			.default(sql`'{}'::jsonb`),
		report: jsonb('report').$type<Record<string, unknown>>(),
		error: text('error'),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull().default(3),
		createdBy: integer('created_by').references(() => users.id),
		/** Process that holds the job while running; with `heartbeatAt` it tells live work from orphans. */
		workerId: text('worker_id'),
		heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
		/** Not claimed before this instant (a retry waiting out its backoff); null = at once. */
		runAfter: timestamp('run_after', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		startedAt: timestamp('started_at', { withTimezone: true }),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('job_status_created_idx').on(t.status, t.createdAt),
		index('job_created_by_idx').on(t.createdBy)
	]
);

export type Job = typeof jobs.$inferSelect;
