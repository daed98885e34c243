/**
 * Background side of the bot: the `telegram.update` job that runs one stored update, the long
 * poller used when no webhook URL is configured (development), and webhook registration.
 */
import type { Update } from 'grammy/types';
import { getConfig } from '#lib/server/config';
import type { JobContext } from '#lib/server/jobs/types';
import {
	finishInbound,
	ingestInbound,
	pendingInbound,
	recentFromSender
} from '#lib/server/notify/inbound';
import { createTelegramApi, getTelegramApi } from '#lib/server/notify/telegram-api';
import { updateSender } from '#lib/server/notify/webhooks';
import { translate } from '#lib/i18n';
import { handleStoredUpdate } from './bot';
import { replyLedger } from './replies';

/** Runs one stored update (the `telegram.update` job); rate-limited per chat. */
export async function runTelegramUpdateJob(ctx: JobContext): Promise<Record<string, unknown>> {
	const id = Number(ctx.job.payload.inboundId);
	const inbound = await pendingInbound(id);
	if (!inbound) return { inboundId: id, skipped: true };
	const limit = getConfig().INBOUND_MAX_PER_10_MIN;
	const recent = await recentFromSender('telegram', inbound.sender);
	if (recent > limit) {
		// Say it once, at the first update over the limit; then stay silent.
		if (recent === limit + 1) {
			const api = createTelegramApi();
			api?.config.use(
				replyLedger(Number(inbound.externalId), () => ({
					customerId: null,
					userId: null,
					locale: 'fa'
				}))
			);
			await api
				?.sendMessage(inbound.sender, translate('fa', 'notify.bot.slowDown'))
				.catch(() => {});
		}
		await finishInbound(id, 'ignored', 'rate_limited');
		return { inboundId: id, outcome: 'rate_limited' };
	}
	try {
		const outcome = await handleStoredUpdate(inbound.payload as unknown as Update);
		await finishInbound(id, 'processed', outcome);
		return { inboundId: id, outcome };
	} catch (error) {
		console.error(`telegram update ${inbound.externalId} failed`, error);
		await finishInbound(id, 'failed', 'error');
		return { inboundId: id, outcome: 'error' };
	}
}

/**
 * Long polling for development: fetches updates and stores them exactly like the webhook does,
 * so the same jobs handle them. Returns a stop function.
 */
export function startTelegramPolling(): () => void {
	const api = getTelegramApi();
	if (!api) return () => {};
	let stopped = false;
	let offset = 0;
	const loop = async () => {
		await api.deleteWebhook().catch(() => {});
		while (!stopped) {
			try {
				const updates = await api.getUpdates({ offset, timeout: 25 });
				for (const update of updates) {
					await ingestInbound({
						channel: 'telegram',
						externalId: String(update.update_id),
						sender: updateSender(update as unknown as Record<string, unknown>),
						payload: update as unknown as Record<string, unknown>
					});
					offset = update.update_id + 1;
				}
			} catch (error) {
				if (stopped) break;
				console.error('telegram polling', error);
				await new Promise((r) => setTimeout(r, 5000));
			}
		}
	};
	void loop();
	return () => {
		stopped = true;
	};
}

/** Points Telegram at our webhook with the secret header it must send back. */
export async function registerTelegramWebhook(): Promise<void> {
	const config = getConfig();
	const api = getTelegramApi();
	if (!api || !config.TELEGRAM_WEBHOOK_URL) return;
	await api.setWebhook(config.TELEGRAM_WEBHOOK_URL, {
		secret_token: config.TELEGRAM_WEBHOOK_SECRET,
		allowed_updates: ['message', 'callback_query']
	});
}
