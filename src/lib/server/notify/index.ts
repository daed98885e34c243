/**
 * Starts the customer front doors in this process: the notification feed, the periodic SMS
 * status check and inbound reconciliation, and Telegram (webhook registration or long polling).
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { registerTelegramWebhook, startTelegramPolling } from '#bots/telegram/jobs';
import { getConfig } from '../config';
import { getDb } from '../db';
import { outboxCursors } from '../db/schema';
import { refreshSmsStatuses, settleStaleInFlight } from './deliveries';
import { startNotifyFeed } from './feed';
import { reconcileInboundSms } from './inbound';

const SMS_TASK = 'notify:sms-reconcile';
const SMS_EVERY_SECONDS = 120;

/**
 * Claims the periodic SMS task for this run when no process ran it in the last two minutes
 * (the time is kept in an outbox_cursor row, so several processes run it once between them).
 */
async function claimSmsTask(): Promise<boolean> {
	const db = await getDb();
	const now = Math.floor(Date.now() / 1000);
	await db.insert(outboxCursors).values({ consumer: SMS_TASK, lastId: 0 }).onConflictDoNothing();
	const claimed = await db
		.update(outboxCursors)
		.set({ lastId: now, updatedAt: sql`now()` })
		.where(
			and(
				eq(outboxCursors.consumer, SMS_TASK),
				lt(outboxCursors.lastId, now - SMS_EVERY_SECONDS + 1)
			)
		)
		.returning();
	return claimed.length > 0;
}

/**
 * One round of the periodic delivery work: SMS statuses, messages the webhook missed, and
 * Telegram sends left in flight by a job that died for good (they become uncertain).
 */
export async function runSmsMaintenance(): Promise<{
	statuses: number;
	recovered: number;
	uncertain: number;
}> {
	const statuses = await refreshSmsStatuses();
	const recovered = getConfig().KAVENEGAR_API_KEY ? await reconcileInboundSms() : 0;
	const uncertain = await settleStaleInFlight();
	return { statuses, recovered, uncertain };
}

/** Starts everything; returns a stop function. */
export function startNotifications(): () => void {
	const stopFeed = startNotifyFeed();
	const timer = setInterval(() => {
		claimSmsTask()
			.then((mine) => (mine ? runSmsMaintenance() : null))
			.catch((error: unknown) => console.error('sms maintenance', error));
	}, 30_000);
	timer.unref?.();
	let stopPolling = () => {};
	const config = getConfig();
	if (config.TELEGRAM_BOT_TOKEN) {
		if (config.TELEGRAM_WEBHOOK_URL) {
			registerTelegramWebhook().catch((error: unknown) =>
				console.error('telegram setWebhook', error)
			);
		} else {
			stopPolling = startTelegramPolling();
		}
	}
	return () => {
		stopFeed();
		clearInterval(timer);
		stopPolling();
	};
}
