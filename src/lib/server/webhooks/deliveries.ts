/**
 * The integration outlet: a durable outbox consumer (cursor `webhooks` in `outbox_cursor`) turns
 * every event an endpoint wants into a `webhook_delivery` row and a durable job, in one
 * transaction; the job POSTs the signed event. A failure schedules the next attempt as a new job
 * that waits out its backoff (`job.run_after`), so a receiver that is down gets everything once it
 * is back, and a crash loses nothing. Delivery is at least once: receivers dedupe on the
 * `X-Khadamat-Delivery` id (or the event's `id`).
 */
import { and, asc, desc, eq, gt, lt, max, sql } from 'drizzle-orm';
import { WEBHOOK_MAX_ATTEMPTS, wantsEvent, webhookRetryDelayMs } from '#lib/domain/webhook-retry';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Db, type Executor } from '../db';
import {
	outbox,
	outboxCursors,
	webhookDeliveries,
	webhookEndpoints,
	type OutboxEvent,
	type WebhookDelivery
} from '../db/schema';
import { AppError } from '../http/errors';
import { enqueueJob, notifyJobsQueued } from '../jobs/queue';
import type { JobContext } from '../jobs/types';
import { signWebhook, SIGNATURE_HEADER } from './signature';

export const WEBHOOK_CONSUMER = 'webhooks';
export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';
const BATCH = 500;
const POLL_MS = 1_000;
const TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;
// Endpoint management is the outlet's own business, not something an ERP takes over.
const INTERNAL_PREFIXES = ['webhook_endpoint.'];

/** The JSON body an endpoint receives for an event. */
export function eventBody(event: OutboxEvent, deliveryId: number): string {
	return JSON.stringify({
		id: String(event.id),
		deliveryId: String(deliveryId),
		type: event.type,
		aggregateType: event.aggregateType,
		aggregateId: event.aggregateId,
		branchId: event.branchId,
		occurredAt: event.createdAt.toISOString(),
		payload: event.payload
	});
}

/**
 * Fans one batch of new outbox events out to the endpoints that want them (delivery rows + jobs)
 * and advances the cursor, all in one transaction. The first run starts at the current head, so
 * installing the outlet does not replay history. Returns the number of events read.
 */
export async function fanOutOnce(db?: Db): Promise<number> {
	const conn = db ?? (await getDb());
	const [head] = await conn.select({ id: max(outbox.id) }).from(outbox);
	await conn
		.insert(outboxCursors)
		.values({ consumer: WEBHOOK_CONSUMER, lastId: Number(head?.id ?? 0) })
		.onConflictDoNothing();
	const queued = await conn.transaction(async (tx) => {
		const [cursor] = await tx
			.select()
			.from(outboxCursors)
			.where(eq(outboxCursors.consumer, WEBHOOK_CONSUMER))
			.for('update', { skipLocked: true });
		if (!cursor) return { events: 0, jobs: 0 };
		const events = await tx
			.select()
			.from(outbox)
			.where(gt(outbox.id, cursor.lastId))
			.orderBy(asc(outbox.id))
			.limit(BATCH);
		if (!events.length) return { events: 0, jobs: 0 };
		const endpoints = await tx
			.select()
			.from(webhookEndpoints)
			.where(eq(webhookEndpoints.active, true));
		let jobs = 0;
		for (const event of events) {
			if (INTERNAL_PREFIXES.some((p) => event.type.startsWith(p))) continue;
			for (const endpoint of endpoints) {
				// An endpoint hears what happened after it was added, not before.
				if (event.createdAt < endpoint.createdAt || !wantsEvent(endpoint.eventTypes, event.type))
					continue;
				const [delivery] = await tx
					.insert(webhookDeliveries)
					.values({
						endpointId: endpoint.id,
						eventId: event.id,
						eventType: event.type,
						nextAttemptAt: new Date()
					})
					.returning({ id: webhookDeliveries.id });
				await enqueueJob(tx, {
					kind: WEBHOOK_DELIVERY_JOB,
					payload: { deliveryId: delivery!.id },
					createdBy: null
				});
				jobs += 1;
			}
		}
		await tx
			.update(outboxCursors)
			.set({ lastId: events[events.length - 1]!.id, updatedAt: sql`now()` })
			.where(eq(outboxCursors.consumer, WEBHOOK_CONSUMER));
		return { events: events.length, jobs };
	});
	if (queued.jobs) notifyJobsQueued();
	return queued.events;
}

/** Runs the fan-out in this process until stopped; failures back off and retry. */
export function startWebhookFanOut(): () => void {
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let failures = 0;
	const loop = () => {
		if (stopped) return;
		fanOutOnce()
			.then((n) => {
				failures = 0;
				timer = setTimeout(loop, n === BATCH ? 0 : POLL_MS);
			})
			.catch((error: unknown) => {
				failures += 1;
				const wait = Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures);
				console.error(
					`Webhook fan-out failed (attempt ${failures}); retrying in ${wait} ms`,
					error
				);
				timer = setTimeout(loop, wait);
			});
	};
	loop();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}

/** How one HTTP attempt went. */
interface AttemptOutcome {
	ok: boolean;
	statusCode: number | null;
	error: string | null;
	response: string | null;
	durationMs: number;
}

async function post(url: string, body: string, headers: Record<string, string>) {
	const started = Date.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			body,
			headers,
			redirect: 'manual',
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
		const text = (await response.text().catch(() => '')).slice(0, 500);
		return {
			ok: response.status >= 200 && response.status < 300,
			statusCode: response.status,
			error: response.ok ? null : `HTTP ${response.status}`,
			response: text,
			durationMs: Date.now() - started
		} satisfies AttemptOutcome;
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		return {
			ok: false,
			statusCode: null,
			error: (cause ?? (error as Error).name ?? 'error').slice(0, 200),
			response: null,
			durationMs: Date.now() - started
		} satisfies AttemptOutcome;
	}
}

/**
 * One delivery attempt (the `webhook.deliver` job): POST the signed event; on failure schedule the
 * next attempt with backoff, or give up after WEBHOOK_MAX_ATTEMPTS.
 */
export async function runWebhookDeliveryJob(ctx: JobContext): Promise<Record<string, unknown>> {
	const deliveryId = Number(ctx.job.payload.deliveryId);
	const db = await getDb();
	const [row] = await db
		.select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: outbox })
		.from(webhookDeliveries)
		.innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
		.innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
		.where(eq(webhookDeliveries.id, deliveryId));
	if (!row) return { skipped: 'gone' };
	const { delivery, endpoint, event } = row;
	if (delivery.status === 'succeeded') return { skipped: 'already delivered' };
	if (!endpoint.active) return { skipped: 'endpoint inactive' };
	const body = eventBody(event, delivery.id);
	const outcome = await post(endpoint.url, body, {
		'content-type': 'application/json',
		'user-agent': 'Khadamat-Webhooks/1',
		'x-khadamat-event': event.type,
		'x-khadamat-delivery': String(delivery.id),
		[SIGNATURE_HEADER]: signWebhook(endpoint.secret, body)
	});
	const attempts = delivery.attempts + 1;
	const now = new Date();
	const giveUp = !outcome.ok && attempts >= WEBHOOK_MAX_ATTEMPTS;
	const nextAt =
		outcome.ok || giveUp
			? null
			: new Date(now.getTime() + webhookRetryDelayMs(attempts, Math.random()));
	await db.transaction(async (tx) => {
		await tx
			.update(webhookDeliveries)
			.set({
				status: outcome.ok ? 'succeeded' : giveUp ? 'failed' : 'pending',
				attempts,
				lastStatusCode: outcome.statusCode,
				lastError: outcome.error,
				lastResponse: outcome.response,
				lastDurationMs: outcome.durationMs,
				lastAttemptAt: now,
				nextAttemptAt: nextAt,
				...(outcome.ok ? { deliveredAt: now } : {})
			})
			.where(eq(webhookDeliveries.id, delivery.id));
		if (nextAt)
			await enqueueJob(tx, {
				kind: WEBHOOK_DELIVERY_JOB,
				payload: { deliveryId: delivery.id },
				runAfter: nextAt
			});
	});
	const report = { deliveryId: delivery.id, attempts, statusCode: outcome.statusCode };
	if (!outcome.ok)
		throw new AppError(
			409,
			'webhook_failed',
			'webhooks.error.deliveryFailed',
			undefined,
			undefined,
			{
				...report,
				error: outcome.error,
				nextAttemptAt: nextAt?.toISOString() ?? null
			}
		);
	return report;
}

/** Sends a delivery again now (after a receiver was fixed, or to replay one event). */
export async function redeliver(actor: Actor, deliveryId: number): Promise<WebhookDelivery> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	const updated = await db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookDeliveries)
			.set({ status: 'pending', nextAttemptAt: new Date() })
			.where(eq(webhookDeliveries.id, deliveryId))
			.returning();
		if (!row) throw new AppError(404, 'not_found', 'error.notFound');
		await enqueueJob(tx, {
			kind: WEBHOOK_DELIVERY_JOB,
			payload: { deliveryId, manual: true },
			createdBy: actor.user.id
		});
		return row;
	});
	notifyJobsQueued();
	return updated;
}

/** An endpoint's deliveries, newest first, keyset-paged by id. */
export async function listDeliveries(
	actor: Actor,
	endpointId: number,
	options: { before?: number; limit?: number; status?: WebhookDelivery['status'] } = {}
): Promise<WebhookDelivery[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const conditions = [eq(webhookDeliveries.endpointId, endpointId)];
	if (options.before) conditions.push(lt(webhookDeliveries.id, options.before));
	if (options.status) conditions.push(eq(webhookDeliveries.status, options.status));
	return db
		.select()
		.from(webhookDeliveries)
		.where(and(...conditions))
		.orderBy(desc(webhookDeliveries.id))
		.limit(Math.min(options.limit ?? 50, 200));
}

/** The event a delivery carries, as the receiver gets it (for the delivery log). */
export async function deliveryBody(actor: Actor, deliveryId: number, tx?: Executor) {
	requirePermission(actor, 'admin', 'view');
	const db = tx ?? (await getDb());
	const [row] = await db
		.select({ event: outbox })
		.from(webhookDeliveries)
		.innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
		.where(eq(webhookDeliveries.id, deliveryId));
	if (!row) throw new AppError(404, 'not_found', 'error.notFound');
	return eventBody(row.event, deliveryId);
}
