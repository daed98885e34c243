/**
 * Durable deliveries: every outgoing customer or staff message is a `notification_delivery` row
 * plus a `notify.deliver` job, written in the transaction that decided to send it. The job sends
 * it once: Kavenegar deduplicates by `localid` (= the delivery id), so a worker killed after the
 * provider accepted the message but before the row said so re-sends harmlessly. Failures the
 * provider may get over are retried with backoff by a fresh job that waits (`run_after`).
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
import { getTelegramApi } from './telegram-api';

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
		'notification_queued' | 'notification_sent' | 'notification_delivered' | 'notification_failed',
	extra: Record<string, unknown> = {}
): Promise<void> {
	if (delivery.requestId === null) return;
	await recordHistory(tx, {
		entityType: 'service_request',
		entityId: delivery.requestId,
		action,
		actorId: null,
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

/** Why a send failed and whether trying later may help. */
function classify(error: unknown): { message: string; retryable: boolean } {
	if (error instanceof SmsError)
		return { message: `${error.code}: ${error.message}`, retryable: error.retryable };
	if (error instanceof GrammyError) {
		// 403: the user blocked the bot; 400: chat not found or bad markup. Neither heals itself.
		const retryable = error.error_code === 429 || error.error_code >= 500;
		return { message: `telegram ${error.error_code}: ${error.description}`, retryable };
	}
	if (error instanceof HttpError)
		return { message: `telegram network: ${error.message}`, retryable: true };
	return { message: error instanceof Error ? error.message : String(error), retryable: true };
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
	const message = await api.sendMessage(delivery.address, delivery.body, {
		...(replyMarkup ? { reply_markup: replyMarkup } : {})
	});
	return { provider: 'telegram', messageId: String(message.message_id), providerStatus: null };
}

/** Backoff before attempt `attempt + 1`: 5 s, 10 s, 20 s … capped at 30 minutes. */
export function deliveryBackoffMs(attempt: number): number {
	return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * Sends one delivery (the `notify.deliver` job). Never throws for a provider failure: the
 * delivery row records it, and a retryable one gets a new waiting job.
 */
export async function runDeliveryJob(ctx: JobContext): Promise<Record<string, unknown>> {
	const id = Number(ctx.job.payload.deliveryId);
	const db = await getDb();
	// One statement claims it; `sending` means a worker died mid-send: sending again is safe
	// (localid) and needed.
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
	if (!claimed) return { deliveryId: id, skipped: true };
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
				.where(eq(notificationDeliveries.id, id));
		if (claimed.requestId === null) await markSent(db);
		else
			await db.transaction(async (tx) => {
				await markSent(tx);
				await historyOf(tx, claimed, 'notification_sent');
			});
		return { deliveryId: id, status: 'sent', messageId: outcome.messageId };
	} catch (error) {
		const { message, retryable } = classify(error);
		if (retryable && claimed.attempts < MAX_DELIVERY_ATTEMPTS) {
			const runAfter = new Date(Date.now() + deliveryBackoffMs(claimed.attempts));
			await db.transaction(async (tx) => {
				await tx
					.update(notificationDeliveries)
					.set({
						status: 'queued',
						lastError: message,
						nextAttemptAt: runAfter,
						updatedAt: new Date()
					})
					.where(eq(notificationDeliveries.id, id));
				await enqueueJob(tx, { kind: DELIVER_JOB, payload: { deliveryId: id }, runAfter });
			});
			return {
				deliveryId: id,
				status: 'retrying',
				error: message,
				runAfter: runAfter.toISOString()
			};
		}
		await db.transaction(async (tx) => {
			await tx
				.update(notificationDeliveries)
				.set({ status: 'failed', lastError: message, updatedAt: new Date() })
				.where(eq(notificationDeliveries.id, id));
			await historyOf(tx, claimed, 'notification_failed', { error: message });
		});
		return { deliveryId: id, status: 'failed', error: message };
	}
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
