/**
 * The notification service: a durable outbox consumer (position in `outbox_cursor`) that decides
 * who hears about each event, on which channel, in which words, and queues the deliveries in
 * the same transaction that advances the cursor. A replayed batch finds its deliveries by dedupe
 * key and queues nothing twice; a crash before commit replays the batch.
 */
import { and, asc, desc, eq, gt, gte, sql } from 'drizzle-orm';
import { formatJalaliDate, formatDate } from '#lib/domain/jalali';
import { formatNumber } from '#lib/domain/text';
import { formatOpeningHours } from '#lib/domain/opening-hours';
import { translate, type MessageKey } from '#lib/i18n';
import { getConfig } from '../config';
import { getDb, type Db, type Executor } from '../db';
import {
	branches,
	customers,
	estimates,
	notifications,
	outbox,
	outboxCursors,
	products,
	serviceOrders,
	serviceRequests,
	users,
	type OutboxEvent
} from '../db/schema';
import { telegramChats, type NotifyChannel } from '../db/schema/notify';
import { emitEvent } from '../events/record';
import { deliveriesQueued, queueDelivery } from './deliveries';
import { renderNotification, templateDef } from './templates';

export const NOTIFY_CONSUMER = 'notify';
const BATCH = 200;
const POLL_MS = 300;
const MAX_BACKOFF_MS = 30_000;

type Locale = 'fa' | 'en';

/** Everything a request notification may mention. */
interface RequestFacts {
	id: number;
	formNumber: string;
	status: string;
	customerId: number | null;
	expectedAt: Date | null;
	complaint: string;
	productFa: string;
	productEn: string;
	branchFa: string;
	branchEn: string;
	branchAddress: string;
	weeklyHours: Record<string, [number, number][]>;
	trackingToken: string | null;
}

let trackingColumn: boolean | undefined;

/** Whether requests carry a tracking token yet (the tracking page adds it); checked once. */
async function hasTrackingToken(db: Executor): Promise<boolean> {
	if (trackingColumn === undefined) {
		const rows = await db.execute(
			sql`select 1 from information_schema.columns where table_name = 'service_request' and column_name = 'tracking_token'`
		);
		const list = Array.isArray(rows) ? rows : ((rows as { rows?: unknown[] }).rows ?? []);
		trackingColumn = list.length > 0;
	}
	return trackingColumn;
}

/** Loads the facts of one request for templates, or null when it is gone. */
export async function requestFacts(db: Executor, requestId: number): Promise<RequestFacts | null> {
	const [row] = await db
		.select({
			id: serviceRequests.id,
			formNumber: serviceRequests.formNumber,
			status: serviceRequests.status,
			customerId: serviceRequests.customerId,
			expectedAt: serviceRequests.expectedAt,
			complaint: serviceRequests.complaint,
			productFa: products.nameFa,
			productEn: products.nameEn,
			branchFa: branches.nameFa,
			branchEn: branches.nameEn,
			branchAddress: branches.address,
			weeklyHours: branches.weeklyHours
		})
		.from(serviceRequests)
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.innerJoin(branches, eq(branches.id, serviceRequests.branchId))
		.where(eq(serviceRequests.id, requestId));
	if (!row) return null;
	let trackingToken: string | null = null;
	if (await hasTrackingToken(db)) {
		const rows = await db.execute(
			sql`select tracking_token as token from service_request where id = ${requestId}`
		);
		const list = (Array.isArray(rows) ? rows : ((rows as { rows?: unknown[] }).rows ?? [])) as {
			token?: string;
		}[];
		trackingToken = list[0]?.token ?? null;
	}
	return { ...row, weeklyHours: row.weeklyHours as RequestFacts['weeklyHours'], trackingToken };
}

/** Formats a day for a message: Jalali with Persian digits in Persian, a readable date in English. */
export function messageDate(date: Date, locale: Locale): string {
	return locale === 'fa' ? formatJalaliDate(date, { digits: 'fa' }) : formatDate(date, 'en');
}

/** The template parameters of a request, in one locale. */
export function requestParams(
	facts: RequestFacts,
	locale: Locale,
	name: string
): Record<string, string | number | null> {
	const origin = getConfig().ORIGIN ?? `http://localhost:${getConfig().PORT}`;
	return {
		name,
		formNumber: facts.formNumber,
		product: locale === 'fa' ? facts.productFa : facts.productEn,
		branch: locale === 'fa' ? facts.branchFa : facts.branchEn,
		branchAddress: facts.branchAddress,
		hours: formatOpeningHours(facts.weeklyHours, locale),
		trackingUrl: facts.trackingToken ? `${origin}/t/${facts.trackingToken}` : origin,
		expected: facts.expectedAt ? messageDate(facts.expectedAt, locale) : null,
		status: translate(locale, `service.status.${facts.status}` as MessageKey),
		complaint: facts.complaint
	};
}

/** A customer's way to be reached: their linked Telegram chat if any, else their mobile. */
async function customerTarget(db: Executor, customerId: number) {
	const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
	if (!customer) return null;
	const [chat] = await db
		.select()
		.from(telegramChats)
		.where(eq(telegramChats.customerId, customerId))
		.orderBy(desc(telegramChats.updatedAt))
		.limit(1);
	return { customer, chat: chat ?? null };
}

/** Queues one customer notification about a request, choosing Telegram when linked, else SMS. */
async function notifyCustomer(
	tx: Executor,
	event: OutboxEvent,
	templateKey: string,
	facts: RequestFacts,
	extra: { params?: Record<string, string | number | null>; telegramMarkup?: unknown } = {}
): Promise<void> {
	const def = templateDef(templateKey);
	if (!def || facts.customerId === null) return;
	const target = await customerTarget(tx, facts.customerId);
	if (!target) return;
	if (!def.essential && target.customer.marketingOptOut) return;
	let channel: NotifyChannel | null = null;
	if (target.chat && def.channels.includes('telegram')) channel = 'telegram';
	else if (def.channels.includes('sms')) channel = 'sms';
	if (!channel) return;
	const locale: Locale = channel === 'telegram' ? target.chat!.locale : target.customer.locale;
	const params = { ...requestParams(facts, locale, target.customer.name), ...extra.params };
	const body = await renderNotification(tx, templateKey, channel, locale, params);
	await queueDelivery(tx, {
		dedupeKey: `evt:${event.id}:${templateKey}:${channel}:c${facts.customerId}`,
		eventId: event.id,
		templateKey,
		channel,
		customerId: facts.customerId,
		requestId: facts.id,
		address: channel === 'telegram' ? target.chat!.chatId : target.customer.mobile,
		locale,
		body,
		essential: def.essential,
		extra:
			channel === 'telegram' && extra.telegramMarkup ? { replyMarkup: extra.telegramMarkup } : {}
	});
}

/** Inline buttons under an estimate message on Telegram. */
export function estimateButtons(estimateId: number, locale: Locale) {
	return {
		inline_keyboard: [
			[
				{
					text: translate(locale, 'notify.bot.approve'),
					callback_data: `est:${estimateId}:approve`
				},
				{ text: translate(locale, 'notify.bot.reject'), callback_data: `est:${estimateId}:reject` }
			]
		]
	};
}

/** Template for a status change, by where the request went. */
function statusTemplate(from: unknown, to: unknown): string {
	if (to === 'awaiting_assignment' && from === 'draft') return 'request.received';
	if (to === 'ready_for_delivery') return 'request.ready';
	if (to === 'delivered') return 'request.delivered';
	return 'request.status_changed';
}

/**
 * The technician's in-app notice (the notices page and header badge of tracking groups), unless
 * a tracking group already gave them one for this event.
 */
async function inAppNotice(
	tx: Executor,
	event: OutboxEvent,
	userId: number,
	facts: RequestFacts
): Promise<void> {
	const [existing] = await tx
		.select({ id: notifications.id })
		.from(notifications)
		.where(
			and(
				eq(notifications.userId, userId),
				eq(notifications.requestId, facts.id),
				eq(notifications.type, event.type),
				gte(notifications.createdAt, new Date(event.createdAt.getTime() - 60_000))
			)
		)
		.limit(1);
	if (existing) return;
	await tx.insert(notifications).values({
		userId,
		requestId: facts.id,
		type: event.type,
		formNumber: facts.formNumber,
		status: null
	});
	await emitEvent(tx, {
		type: 'notification.created',
		aggregateType: 'notification',
		aggregateId: facts.id,
		branchId: null,
		payload: { userIds: [userId], eventType: event.type }
	});
}

/** Tells a technician about a new (or reassigned) order: Telegram when linked, SMS as fallback. */
async function notifyTechnician(
	tx: Executor,
	event: OutboxEvent,
	technicianId: number,
	requestId: number,
	orderId: number
): Promise<void> {
	const [user] = await tx.select().from(users).where(eq(users.id, technicianId));
	if (!user || !user.active) return;
	const facts = await requestFacts(tx, requestId);
	if (!facts) return;
	await inAppNotice(tx, event, technicianId, facts);
	const [chat] = await tx
		.select()
		.from(telegramChats)
		.where(eq(telegramChats.userId, technicianId))
		.orderBy(desc(telegramChats.updatedAt))
		.limit(1);
	let channel: NotifyChannel | null = null;
	if (chat) channel = 'telegram';
	else if (getConfig().NOTIFY_STAFF_SMS_FALLBACK && user.mobile) channel = 'sms';
	if (!channel) return;
	const locale: Locale = chat?.locale ?? user.locale;
	const [order] = await tx.select().from(serviceOrders).where(eq(serviceOrders.id, orderId));
	const due = order?.dueAt ?? null;
	const params = {
		...requestParams(facts, locale, user.displayName),
		due: due ? messageDate(due, locale) : '—'
	};
	const body = await renderNotification(tx, 'order.issued', channel, locale, params);
	await queueDelivery(tx, {
		dedupeKey: `evt:${event.id}:order.issued:${channel}:u${technicianId}`,
		eventId: event.id,
		templateKey: 'order.issued',
		channel,
		userId: technicianId,
		requestId: null,
		address: channel === 'telegram' ? chat!.chatId : user.mobile!,
		locale,
		body
	});
}

/** Decides and queues the deliveries of one event (in the feed's transaction). */
export async function notificationsForEvent(tx: Executor, event: OutboxEvent): Promise<void> {
	const p = event.payload as Record<string, unknown>;
	switch (event.type) {
		case 'service_request.status_changed': {
			const facts = await requestFacts(tx, Number(p.requestId ?? event.aggregateId));
			if (!facts) return;
			// Facts are read now, but the status this message is about is the event's.
			if (typeof p.to === 'string') facts.status = p.to;
			await notifyCustomer(tx, event, statusTemplate(p.from, p.to), facts);
			return;
		}
		case 'estimate.declared': {
			const facts = await requestFacts(tx, Number(p.requestId));
			if (!facts) return;
			const [estimate] = await tx
				.select()
				.from(estimates)
				.where(eq(estimates.id, Number(event.aggregateId)));
			if (!estimate || estimate.status !== 'pending') return;
			const target = facts.customerId !== null ? await customerTarget(tx, facts.customerId) : null;
			const locale: Locale = target?.chat?.locale ?? target?.customer.locale ?? 'fa';
			await notifyCustomer(tx, event, 'estimate.declared', facts, {
				params: { total: formatNumber(estimate.totalRials, locale) },
				telegramMarkup: estimateButtons(estimate.id, locale)
			});
			return;
		}
		case 'service_order.issued': {
			if (typeof p.technicianId === 'number')
				await notifyTechnician(
					tx,
					event,
					p.technicianId,
					Number(p.requestId),
					Number(event.aggregateId)
				);
			return;
		}
		case 'service_order.reassigned': {
			const tech = p.newTechnicianId ?? p.technicianId;
			if (typeof tech === 'number')
				await notifyTechnician(tx, event, tech, Number(p.requestId), Number(event.aggregateId));
			return;
		}
		default:
			return;
	}
}

const HANDLED = new Set([
	'service_request.status_changed',
	'estimate.declared',
	'service_order.issued',
	'service_order.reassigned'
]);

export const NOTIFY_PAUSE = 'notify:paused';

/**
 * Pauses the feed from inside a bulk writer's transaction (the demo loader): outbox ids are
 * renumbered at commit, so the writer cannot know where its events will end; it resumes the feed
 * past them after commit with resumeNotifyFeedAtHead.
 */
export async function pauseNotifyFeed(tx: Executor): Promise<void> {
	await tx
		.insert(outboxCursors)
		.values({ consumer: NOTIFY_PAUSE, lastId: Math.floor(Date.now() / 1000) })
		.onConflictDoUpdate({ target: outboxCursors.consumer, set: { updatedAt: sql`now()` } });
}

/** Moves the feed to the outbox head (skipping everything before) and lifts a pause. */
export async function resumeNotifyFeedAtHead(db?: Db): Promise<void> {
	const conn = db ?? (await getDb());
	await conn.transaction(async (tx) => {
		const [head] = await tx
			.select({ id: sql<number>`coalesce(max(${outbox.id}), 0)` })
			.from(outbox);
		const lastId = Number(head?.id ?? 0);
		await tx
			.insert(outboxCursors)
			.values({ consumer: NOTIFY_CONSUMER, lastId })
			.onConflictDoUpdate({
				target: outboxCursors.consumer,
				set: { lastId, updatedAt: sql`now()` }
			});
		await tx.delete(outboxCursors).where(eq(outboxCursors.consumer, NOTIFY_PAUSE));
	});
}

/** True while a bulk writer has the feed paused; a pause older than an hour is a crashed writer's and lifted. */
async function feedPaused(db: Db): Promise<boolean> {
	const [pause] = await db
		.select()
		.from(outboxCursors)
		.where(eq(outboxCursors.consumer, NOTIFY_PAUSE));
	if (!pause) return false;
	if (Date.now() - pause.updatedAt.getTime() < 3600_000) return true;
	await resumeNotifyFeedAtHead(db);
	return false;
}

/**
 * Processes one batch after the cursor and advances it. The cursor row is locked for the batch
 * (skipped when another process holds it), so several app processes notify once. An event whose
 * handling fails is logged and skipped inside a savepoint so one bad row never blocks the feed.
 */
export async function notifyOnce(db?: Db): Promise<number> {
	const conn = db ?? (await getDb());
	if (await feedPaused(conn)) return 0;
	await conn
		.insert(outboxCursors)
		.values({ consumer: NOTIFY_CONSUMER, lastId: 0 })
		.onConflictDoNothing();
	const count = await conn.transaction(async (tx) => {
		const [cursor] = await tx
			.select()
			.from(outboxCursors)
			.where(eq(outboxCursors.consumer, NOTIFY_CONSUMER))
			.for('update', { skipLocked: true });
		if (!cursor) return 0;
		const events = await tx
			.select()
			.from(outbox)
			.where(gt(outbox.id, cursor.lastId))
			.orderBy(asc(outbox.id))
			.limit(BATCH);
		if (!events.length) return 0;
		for (const event of events) {
			if (!HANDLED.has(event.type)) continue;
			try {
				await tx.transaction((sp) => notificationsForEvent(sp, event));
			} catch (error) {
				console.error(`notify: event ${event.id} (${event.type}) skipped`, error);
			}
		}
		await tx
			.update(outboxCursors)
			.set({ lastId: events.at(-1)!.id, updatedAt: sql`now()` })
			.where(eq(outboxCursors.consumer, NOTIFY_CONSUMER));
		return events.length;
	});
	if (count) deliveriesQueued();
	return count;
}

/** Starts the cursor at the outbox head, so a new install does not message about old events. */
export async function startNotifyCursorAtHead(db?: Db): Promise<void> {
	const conn = db ?? (await getDb());
	const [head] = await conn
		.select({ id: sql<number>`coalesce(max(${outbox.id}), 0)` })
		.from(outbox);
	await conn
		.insert(outboxCursors)
		.values({ consumer: NOTIFY_CONSUMER, lastId: Number(head?.id ?? 0) })
		.onConflictDoNothing();
}

/** Runs the feed in this process until stopped; errors back off exponentially and retry. */
export function startNotifyFeed(): () => void {
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let failures = 0;
	const loop = () => {
		if (stopped) return;
		notifyOnce()
			.then((n) => {
				failures = 0;
				timer = setTimeout(loop, n === BATCH ? 0 : POLL_MS);
			})
			.catch((error: unknown) => {
				failures += 1;
				const wait = Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures);
				console.error(
					`Notification feed failed (attempt ${failures}); retrying in ${wait} ms`,
					error
				);
				timer = setTimeout(loop, wait);
			});
	};
	void startNotifyCursorAtHead()
		.catch((error: unknown) => console.error('notify cursor', error))
		.finally(loop);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
