/**
 * Demo data of the customer front doors: the messages the demo requests would have produced
 * (received, estimate, ready, delivered — sent, delivered, one failed), on each request's
 * timeline; a few customers linked to Telegram; inbound SMS (status questions, a greeting, a
 * stray "1"); and one admin-edited template. It also pauses the notification feed, which the
 * loader resumes past the demo's own events after commit, so loading the demo texts nobody.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { formatNumber } from '#lib/domain/text';
import type { Tx } from '../db';
import { customers, estimates, history, serviceRequests } from '../db/schema';
import {
	inboundMessages,
	notificationDeliveries,
	notificationTemplates,
	telegramChats
} from '../db/schema/notify';
import { pauseNotifyFeed, requestFacts, requestParams } from '../notify/feed';
import { renderNotification } from '../notify/templates';

const HOUR = 3_600_000;

/** Template of the message a request in this status was last sent. */
const BY_STATUS: Record<string, string[]> = {
	awaiting_assignment: ['request.received'],
	awaiting_cost: ['request.received'],
	cost_approved: ['request.received', 'estimate.declared'],
	cost_rejected: ['request.received', 'estimate.declared'],
	awaiting_repair: ['request.received', 'estimate.declared'],
	awaiting_qc: ['request.received'],
	ready_for_delivery: ['request.received', 'request.ready'],
	delivered: ['request.received', 'request.ready', 'request.delivered']
};

/** Adds the demo's messages once (skipped when any delivery exists); returns what it added. */
export async function seedNotifyDemo(
	tx: Tx
): Promise<{ deliveries: number; telegramChats: number }> {
	const result = { deliveries: 0, telegramChats: 0 };
	const [any] = await tx
		.select({ id: notificationDeliveries.id })
		.from(notificationDeliveries)
		.limit(1);
	if (!any) {
		const requests = await tx
			.select()
			.from(serviceRequests)
			.where(
				and(
					isNotNull(serviceRequests.customerId),
					inArray(serviceRequests.status, Object.keys(BY_STATUS) as never[])
				)
			)
			.orderBy(desc(serviceRequests.id))
			.limit(60);
		// Three customers chat with the bot; their messages go by Telegram.
		const linked = new Set<number>();
		for (const r of requests) {
			if (linked.size >= 3) break;
			if (r.customerId !== null) linked.add(r.customerId);
		}
		let chatId = 700_100_001;
		for (const customerId of linked) {
			const id = String(chatId++);
			await tx
				.insert(telegramChats)
				.values({ chatId: id, telegramUserId: id, customerId, locale: 'fa' })
				.onConflictDoNothing();
			await tx.update(customers).set({ telegramChatId: id }).where(eq(customers.id, customerId));
			result.telegramChats += 1;
		}
		let n = 0;
		for (const request of requests) {
			const facts = await requestFacts(tx, request.id);
			const [customer] = await tx
				.select()
				.from(customers)
				.where(eq(customers.id, request.customerId!));
			if (!facts || !customer) continue;
			const telegram = linked.has(customer.id);
			const channel = telegram ? ('telegram' as const) : ('sms' as const);
			const address = telegram
				? String(700_100_001 + [...linked].indexOf(customer.id))
				: customer.mobile;
			const [estimate] = await tx
				.select()
				.from(estimates)
				.where(eq(estimates.requestId, request.id))
				.orderBy(desc(estimates.id))
				.limit(1);
			const templates = BY_STATUS[request.status] ?? [];
			for (const [i, key] of templates.entries()) {
				n += 1;
				const at = new Date(request.createdAt.getTime() + (i * 26 + 1) * HOUR);
				const params = {
					...requestParams(facts, customer.locale, customer.name),
					total: estimate ? formatNumber(estimate.totalRials, customer.locale) : '—'
				};
				const body = await renderNotification(tx, key, channel, customer.locale, params);
				// One in twenty-five SMS failed (a switched-off phone), the rest reached the handset.
				const failed = channel === 'sms' && n % 25 === 0;
				const [row] = await tx
					.insert(notificationDeliveries)
					.values({
						dedupeKey: `demo:${request.id}:${key}`,
						templateKey: key,
						channel,
						customerId: customer.id,
						requestId: request.id,
						address,
						locale: customer.locale,
						body,
						status: failed ? 'failed' : channel === 'sms' ? 'delivered' : 'sent',
						attempts: 1,
						provider: channel === 'sms' ? 'kavenegar' : 'telegram',
						providerMessageId: String(80_000_000 + n),
						providerStatus: channel === 'sms' ? (failed ? 11 : 10) : null,
						lastError: failed ? 'provider status 11' : null,
						sentAt: at,
						deliveredAt: failed || channel !== 'sms' ? null : new Date(at.getTime() + 40_000),
						createdAt: at,
						updatedAt: at
					})
					.returning();
				result.deliveries += 1;
				const note = `${channel === 'sms' ? 'SMS' : 'Telegram'} · ${channel === 'sms' ? `${customer.mobile.replace('+98', '0').slice(0, 4)} *** ${customer.mobile.slice(-4)}` : 'Telegram'}`;
				const base = { entityType: 'service_request', entityId: String(request.id), actorId: null };
				const changes = { deliveryId: row!.id, channel, template: key, note };
				await tx
					.insert(history)
					.values({ ...base, action: 'notification_sent', changes, createdAt: at });
				if (channel === 'sms')
					await tx.insert(history).values({
						...base,
						action: failed ? 'notification_failed' : 'notification_delivered',
						changes: { ...changes, providerStatus: failed ? 11 : 10 },
						createdAt: new Date(at.getTime() + 40_000)
					});
			}
		}
		// What customers texted the service line.
		const someone = requests.find((r) => !linked.has(r.customerId!));
		const [who] = someone
			? await tx.select().from(customers).where(eq(customers.id, someone.customerId!))
			: [];
		if (who) {
			const texts: [string, string][] = [
				['پیگیری ' + Number(someone!.formNumber.split('-').at(-1)), 'status_status'],
				['سلام، گارانتی یخچال را چطور ثبت کنم؟', 'help'],
				['۱', 'no_pending']
			];
			for (const [i, [message, outcome]] of texts.entries()) {
				await tx
					.insert(inboundMessages)
					.values({
						channel: 'sms',
						externalId: `demo-${who.id}-${i}`,
						sender: who.mobile,
						payload: {
							message,
							from: who.mobile.replace('+98', '0'),
							to: '10004346',
							messageid: `demo-${who.id}-${i}`
						},
						status: 'processed',
						outcome,
						processedAt: new Date()
					})
					.onConflictDoNothing();
			}
		}
		await tx
			.insert(notificationTemplates)
			.values({
				key: 'request.ready',
				channel: 'sms',
				locale: 'fa',
				body: '{name} عزیز، {product} شما (پذیرش {formNumber}) آماده است. لطفاً با رسید پذیرش به {branch} مراجعه کنید: {branchAddress}. ساعات کار: {hours}'
			})
			.onConflictDoNothing();
	}
	// The demo's events are history, not news: the feed pauses now and resumes after them.
	await pauseNotifyFeed(tx);
	return result;
}
