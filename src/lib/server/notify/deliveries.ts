/**
 * Durable deliveries: every outgoing customer or staff message is a `notification_delivery` row
 * plus a `notify.deliver` job, written in the transaction that decided to send it. The job sends
 * it once: Kavenegar deduplicates by `localid` (= the delivery id), so a worker killed after the
 * provider accepted the message but before the row said so re-sends harmlessly. Telegram has no
 * such key: the row is marked `in_flight` (committed) just before the request goes on the wire,
 * and a job that finds it still so, or loses Telegram's answer, marks it `uncertain` instead of
 * sending again. Failures the provider may get over are retried with backoff by a fresh job
 * that waits (`run_after`).
 */
import { GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { formatMobileForDisplay } from '#lib/domain/mobile';
import { nationalMobile } from '#lib/domain/search-normalize';
import { getDb, type Executor } from '../db';
import { notificationDeliveries, type NotificationDelivery } from '../db/schema/notify';
import { recordHistory } from '../events/record';
import { enqueueJob, notifyJobsQueued } from '../jobs/queue';
import type { JobContext } from '../jobs/types';
import { getSmsProvider, SmsError } from '../sms/provider';
import { beforeWire, failedBeforeSending, getTelegramApi } from './telegram-api';

export const DELIVER_JOB = 'notify.deliver';
/** Attempts before a retryable failure is given up as failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 30 * 60_000;

export interface NewDelivery {
	dedupeKey: string;
	eventId?: number | null;
	templateKey: string;
	channel: 'sms' | 'telegram';
	customerId?: number | null;
	userId?: number | null;
	requestId?: number | null;
	address: string;
	locale: 'fa' | 'en';
	body: string;
	extra?: Record<string, unknown>;
	essential?: boolean;
}

/** How an address appears on the timeline: a mobile half hidden, a chat as "Telegram". */
export function maskAddress(channel: 'sms' | 'telegram', address: string): string {
	if (channel === 'telegram') return 'Telegram';
	const shown = formatMobileForDisplay(address);
	return shown.length >= 11 ? `${shown.slice(0, 4)} *** ${shown.slice(-4)}` : shown;
}

async function historyOf(
	tx: Executor,
	delivery: Pick<NotificationDelivery, 'id' | 'requestId' | 'channel' | 'address' | 'templateKey'>,
	action:
		| 'notification_queued'
		| 'notification_sent'
		| 'notification_delivered'
		| 'notification_failed'
		| 'notification_uncertain'
		| 'notification_resent',
	extra: Record<string, unknown> = {},
	actorId: number | null = null
): Promise<void> {
	if (delivery.requestId === null) return;
	await recordHistory(tx, {
		entityType: 'service_request',
		entityId: delivery.requestId,
		action,
		actorId,
		changes: {
			deliveryId: delivery.id,
			channel: delivery.channel,
			template: delivery.templateKey,
			note: `${delivery.channel === 'sms' ? 'SMS' : 'Telegram'} · ${maskAddress(delivery.channel, delivery.address)}`,
			...extra
		}
	});
}

/**
 * Adds a delivery and its job in the caller's transaction; null when a delivery with the same
 * dedupe key exists (a replayed event or webhook). Call notifyJobsQueued() after commit.
 */
export async function queueDelivery(tx: Executor, input: NewDelivery): Promise<number | null> {
	const [row] = await tx
		.insert(notificationDeliveries)
		.values({
			dedupeKey: input.dedupeKey,
			eventId: input.eventId ?? null,
			templateKey: input.templateKey,
			channel: input.channel,
			customerId: input.customerId ?? null,
			userId: input.userId ?? null,
			requestId: input.requestId ?? null,
			address: input.address,
			locale: input.locale,
			body: input.body,
			extra: input.extra ?? {},
			essential: input.essential ?? true
		})
		.onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
		.returning();
	if (!row) return null;
	await enqueueJob(tx, { kind: DELIVER_JOB, payload: { deliveryId: row.id } });
	await historyOf(tx, row, 'notification_queued');
	return row.id;
}

/** One delivery by id, or null. */
export async function getDelivery(id: number): Promise<NotificationDelivery | null> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(notificationDeliveries)
		.where(eq(notificationDeliveries.id, id));
	return row ?? null;
}

interface SendOutcome {
	provider: string;
	messageId: string | null;
	providerStatus: number | null;
}

/** What to do after a failed send: try later, give up, or admit the outcome is unknown. */
type FailureKind = 'retry' | 'fail' | 'uncertain';

/** Why a send failed and what that allows. */
function classify(error: unknown): { message: string; kind: FailureKind } {
	if (error instanceof SmsError)
		// A Kavenegar retry is safe whatever happened: the same localid is the same message.
		return { message: `${error.code}: ${error.message}`, kind: error.retryable ? 'retry' : 'fail' };
	if (error instanceof GrammyError) {
		// Telegram answered that the call failed, so nothing was sent. 403: the user blocked the
		// bot; 400: chat not found or bad markup. Neither heals itself.
		const retryable = error.error_code === 429 || error.error_code >= 500;
		return {
			message: `telegram ${error.error_code}: ${error.description}`,
			kind: retryable ? 'retry' : 'fail'
		};
	}
	if (error instanceof HttpError) {
		// No answer. Only a failure while connecting proves the message did not leave.
		return failedBeforeSending(error)
			? { message: `telegram network, not sent: ${error.message}`, kind: 'retry' }
			: { message: `telegram answer lost: ${error.message}`, kind: 'uncertain' };
	}
	return { message: error instanceof Error ? error.message : String(error), kind: 'retry' };
}

/** Commits that a Telegram request for this delivery is about to go on the wire. */
async function markInFlight(id: number): Promise<void> {
	const db = await getDb();
	await db
		.update(notificationDeliveries)
		.set({ status: 'in_flight', updatedAt: new Date() })
		.where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'sending')));
}

async function send(delivery: NotificationDelivery): Promise<SendOutcome> {
	if (delivery.channel === 'sms') {
		const provider = getSmsProvider();
		const result = await provider.send({
			receptor: nationalMobile(delivery.address),
			message: delivery.body,
			localId: String(delivery.id)
		});
		return {
			provider: provider.name,
			messageId: result.messageId,
			providerStatus: result.providerStatus
		};
	}
	const api = getTelegramApi();
	if (!api) throw new SmsError('unknown', 'Telegram is not configured', false);
	const replyMarkup = delivery.extra.replyMarkup as InlineKeyboardMarkup | undefined;
	const payload = {
		chat_id: delivery.address,
		text: delivery.body,
		...(replyMarkup ? { reply_markup: replyMarkup } : {})
	};
	beforeWire(payload, () => markInFlight(delivery.id));
	const message = await api.raw.sendMessage(payload);
	return { provider: 'telegram', messageId: String(message.message_id), providerStatus: null };
}

/** Backoff before attempt `attempt + 1`: 5 s, 10 s, 20 s … capped at 30 minutes. */
export function deliveryBackoffMs(attempt: number): number {
	return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

// A result is recorded only over the states this attempt left the row in, so a worker that
// was presumed dead and wakes up later cannot overwrite what recovery or staff decided.
const OWN_STATES = ['sending', 'in_flight'] as const;

/**
 * Marks a delivery whose Telegram request was in flight when its worker died as `uncertain`,
 * with a timeline entry. True when it did.
 */
async function settleInFlight(id: number): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(notificationDeliveries)
			.set({
				status: 'uncertain',
				lastError: 'worker stopped while the message was being sent',
				updatedAt: new Date()
			})
			.where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'in_flight')))
			.returning();
		if (!row) return false;
		await historyOf(tx, row, 'notification_uncertain', { error: row.lastError });
		return true;
	});
}

/**
 * Marks `uncertain` the Telegram sends still in flight long after any live worker would have
 * recorded an answer (the client gives up after 40 s): their job died without being re-queued,
 * e.g. it failed while recording. Returns how many changed.
 */
export async function settleStaleInFlight(olderThanMs = 10 * 60_000): Promise<number> {
	const db = await getDb();
	const stale = await db
		.select({ id: notificationDeliveries.id })
		.from(notificationDeliveries)
		.where(
			and(
				eq(notificationDeliveries.status, 'in_flight'),
				lt(notificationDeliveries.updatedAt, new Date(Date.now() - olderThanMs))
			)
		)
		.limit(500);
	let settled = 0;
	for (const { id } of stale) if (await settleInFlight(id)) settled += 1;
	return settled;
}

/**
 * Sends one delivery (the `notify.deliver` job). Never throws for a provider failure: the
 * delivery row records it, and a retryable one gets a new waiting job.
 */
export async function runDeliveryJob(ctx: JobContext): Promise<Record<string, unknown>> {
	const id = Number(ctx.job.payload.deliveryId);
	const db = await getDb();
	// One statement claims it. `sending` means a worker died before anything left (SMS: maybe
	// after, but the localid makes sending again safe): send. `in_flight` is not claimed.
	const [claimed] = await db
		.update(notificationDeliveries)
		.set({
			status: 'sending',
			attempts: sql`${notificationDeliveries.attempts} + 1`,
			updatedAt: new Date()
		})
		.where(
			and(
				eq(notificationDeliveries.id, id),
				inArray(notificationDeliveries.status, ['queued', 'sending'])
			)
		)
		.returning();
	if (!claimed) {
		if (await settleInFlight(id)) return { deliveryId: id, status: 'uncertain' };
		return { deliveryId: id, skipped: true };
	}
	const ours = and(
		eq(notificationDeliveries.id, id),
		inArray(notificationDeliveries.status, [...OWN_STATES])
	);
	try {
		const outcome = await send(claimed);
		const markSent = (tx: Executor) =>
			tx
				.update(notificationDeliveries)
				.set({
					status: 'sent',
					provider: outcome.provider,
					providerMessageId: outcome.messageId,
					providerStatus: outcome.providerStatus,
					lastError: null,
					sentAt: new Date(),
					updatedAt: new Date()
				})
				// A late answer still tells the truth about an `uncertain` row.
				.where(
					and(
						eq(notificationDeliveries.id, id),
						inArray(notificationDeliveries.status, [...OWN_STATES, 'uncertain'])
					)
				)
				.returning({ id: notificationDeliveries.id });
		if (claimed.requestId === null) await markSent(db);
		else
			await db.transaction(async (tx) => {
				const [sent] = await markSent(tx);
				if (sent) await historyOf(tx, claimed, 'notification_sent');
			});
		return { deliveryId: id, status: 'sent', messageId: outcome.messageId };
	} catch (error) {
		const { message, kind } = classify(error);
		if (kind === 'retry' && claimed.attempts < MAX_DELIVERY_ATTEMPTS) {
			const runAfter = new Date(Date.now() + deliveryBackoffMs(claimed.attempts));
			await db.transaction(async (tx) => {
				const [requeued] = await tx
					.update(notificationDeliveries)
					.set({
						status: 'queued',
						lastError: message,
						nextAttemptAt: runAfter,
						updatedAt: new Date()
					})
					.where(ours)
					.returning({ id: notificationDeliveries.id });
				if (requeued)
					await enqueueJob(tx, { kind: DELIVER_JOB, payload: { deliveryId: id }, runAfter });
			});
			return {
				deliveryId: id,
				status: 'retrying',
				error: message,
				runAfter: runAfter.toISOString()
			};
		}
		const status = kind === 'uncertain' ? 'uncertain' : 'failed';
		await db.transaction(async (tx) => {
			const [settled] = await tx
				.update(notificationDeliveries)
				.set({ status, lastError: message, updatedAt: new Date() })
				.where(ours)
				.returning({ id: notificationDeliveries.id });
			if (settled)
				await historyOf(
					tx,
					claimed,
					status === 'uncertain' ? 'notification_uncertain' : 'notification_failed',
					{ error: message }
				);
		});
		return { deliveryId: id, status, error: message };
	}
}

/**
 * Staff decided an `uncertain` message should go (again): queues it with a new job and notes
 * who on the timeline. False when it is no longer uncertain. Call deliveriesQueued() after.
 */
export async function resendUncertain(id: number, actorId: number): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(notificationDeliveries)
			.set({ status: 'queued', nextAttemptAt: null, updatedAt: new Date() })
			.where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'uncertain')))
			.returning();
		if (!row) return false;
		await enqueueJob(tx, { kind: DELIVER_JOB, payload: { deliveryId: id } });
		await historyOf(tx, row, 'notification_resent', {}, actorId);
		return true;
	});
}

/** A message the bot sends straight from a job, keyed so a replay of the job can recognise it. */
export interface DirectSend {
	dedupeKey: string;
	chatId: string;
	text: string;
	replyMarkup?: unknown;
	customerId: number | null;
	userId: number | null;
	locale: 'fa' | 'en';
}

/**
 * Records a bot reply about to be sent from a job. `send: false` when an earlier run of the
 * same job already sent it or may have (it was in flight when that run died; it becomes
 * `uncertain`); otherwise the row is `sending` and the caller sends it.
 */
export async function beginDirectSend(
	input: DirectSend
): Promise<{ send: boolean; delivery: NotificationDelivery }> {
	const db = await getDb();
	const [inserted] = await db
		.insert(notificationDeliveries)
		.values({
			dedupeKey: input.dedupeKey,
			templateKey: 'reply',
			channel: 'telegram',
			customerId: input.customerId,
			userId: input.userId,
			address: input.chatId,
			locale: input.locale,
			body: input.text,
			extra: input.replyMarkup
				? { replyMarkup: input.replyMarkup, direct: true }
				: { direct: true },
			status: 'sending',
			attempts: 1
		})
		.onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
		.returning();
	if (inserted) return { send: true, delivery: inserted };
	// A replayed job: whatever the first run did not get to is sent now.
	const [again] = await db
		.update(notificationDeliveries)
		.set({
			status: 'sending',
			attempts: sql`${notificationDeliveries.attempts} + 1`,
			updatedAt: new Date()
		})
		.where(
			and(
				eq(notificationDeliveries.dedupeKey, input.dedupeKey),
				inArray(notificationDeliveries.status, ['queued', 'sending', 'failed'])
			)
		)
		.returning();
	if (again) return { send: true, delivery: again };
	const [existing] = await db
		.select()
		.from(notificationDeliveries)
		.where(eq(notificationDeliveries.dedupeKey, input.dedupeKey));
	if (existing!.status === 'in_flight') await settleInFlight(existing!.id);
	return { send: false, delivery: existing! };
}

/** Marks a direct send as on the wire (see beforeWire). */
export function markDirectInFlight(id: number): Promise<void> {
	return markInFlight(id);
}

/**
 * Records how a direct send ended: Telegram's message id, Telegram's refusal, or no answer
 * (failed when the connection never opened, else `uncertain`).
 */
export async function finishDirectSend(
	id: number,
	result: { messageId: string } | { error: unknown }
): Promise<void> {
	const db = await getDb();
	const ours = and(
		eq(notificationDeliveries.id, id),
		inArray(notificationDeliveries.status, [...OWN_STATES])
	);
	if ('messageId' in result) {
		await db
			.update(notificationDeliveries)
			.set({
				status: 'sent',
				provider: 'telegram',
				providerMessageId: result.messageId,
				lastError: null,
				sentAt: new Date(),
				updatedAt: new Date()
			})
			.where(ours);
		return;
	}
	const { message, kind } = classify(result.error);
	await db
		.update(notificationDeliveries)
		.set({
			status: kind === 'uncertain' ? 'uncertain' : 'failed',
			lastError: message,
			updatedAt: new Date()
		})
		.where(ours);
}

/**
 * Asks the SMS provider how recent sent messages fared and records delivered/failed, on the
 * delivery and on the request's timeline. Returns how many deliveries changed.
 */
export async function refreshSmsStatuses(limit = 500): Promise<number> {
	const db = await getDb();
	const since = new Date(Date.now() - 3 * 24 * 3600_000);
	const recheck = new Date(Date.now() - 60_000);
	const pending = await db
		.select()
		.from(notificationDeliveries)
		.where(
			and(
				eq(notificationDeliveries.channel, 'sms'),
				eq(notificationDeliveries.status, 'sent'),
				isNotNull(notificationDeliveries.providerMessageId),
				gt(notificationDeliveries.sentAt, since),
				or(
					isNull(notificationDeliveries.statusCheckedAt),
					lt(notificationDeliveries.statusCheckedAt, recheck)
				)
			)
		)
		.orderBy(asc(notificationDeliveries.sentAt))
		.limit(limit);
	if (!pending.length) return 0;
	const statuses = await getSmsProvider().status(pending.map((d) => d.providerMessageId!));
	const byId = new Map(statuses.map((s) => [s.messageId, s]));
	let changed = 0;
	await db.transaction(async (tx) => {
		const now = new Date();
		const untouched: number[] = [];
		for (const delivery of pending) {
			const status = byId.get(delivery.providerMessageId!);
			const final =
				status?.status === 'delivered'
					? 'delivered'
					: status && ['failed', 'blocked', 'cancelled'].includes(status.status)
						? 'failed'
						: null;
			if (!final) {
				untouched.push(delivery.id);
				continue;
			}
			changed += 1;
			await tx
				.update(notificationDeliveries)
				.set({
					status: final,
					providerStatus: status!.providerStatus,
					statusCheckedAt: now,
					updatedAt: now,
					...(final === 'delivered'
						? { deliveredAt: now }
						: { lastError: `provider status ${status!.providerStatus}` })
				})
				.where(eq(notificationDeliveries.id, delivery.id));
			await historyOf(
				tx,
				delivery,
				final === 'delivered' ? 'notification_delivered' : 'notification_failed',
				{
					providerStatus: status!.providerStatus
				}
			);
		}
		if (untouched.length) {
			await tx
				.update(notificationDeliveries)
				.set({ statusCheckedAt: now })
				.where(inArray(notificationDeliveries.id, untouched));
		}
	});
	return changed;
}

/** Counts deliveries per status (for the admin page and the benchmark). */
export async function deliveryCounts(): Promise<Record<string, number>> {
	const db = await getDb();
	const rows = await db
		.select({ status: notificationDeliveries.status, n: sql<number>`count(*)::int` })
		.from(notificationDeliveries)
		.groupBy(notificationDeliveries.status);
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Wakes this process's job runner after a commit that queued deliveries. */
export function deliveriesQueued(): void {
	notifyJobsQueued();
}
