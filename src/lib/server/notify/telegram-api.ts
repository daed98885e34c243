/**
 * The outbound Telegram Bot API client shared by the bot's replies and the delivery jobs:
 * grammY's `Api` pointed at TELEGRAM_API_ROOT (tests use a loopback fake), with the throttler
 * (stays inside Telegram's global and per-chat limits) and auto-retry (honours `retry_after`
 * and retries 5xx and network failures a few times) transformers.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api } from 'grammy';
import { getConfig } from '../config';

let cached: { key: string; api: Api } | undefined;

/** True when a bot token is configured. */
export function telegramEnabled(): boolean {
	return Boolean(getConfig().TELEGRAM_BOT_TOKEN);
}

/** The Bot API client for the configured token, or null when Telegram is off. */
export function getTelegramApi(): Api | null {
	const config = getConfig();
	const token = config.TELEGRAM_BOT_TOKEN;
	if (!token) return null;
	const key = `${config.TELEGRAM_API_ROOT}|${token}|${config.TELEGRAM_GLOBAL_RATE}`;
	if (cached?.key === key) return cached.api;
	const api = new Api(token, { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, '') });
	configureTelegramApi(api);
	cached = { key, api };
	return api;
}

let transformers: { rate: number; throttle: ReturnType<typeof apiThrottler> } | undefined;

/**
 * Installs the throttler and auto-retry on a Bot API client. The bot's client and the delivery
 * client share one throttler, so together they stay inside Telegram's global limit.
 */
export function configureTelegramApi(api: Api): void {
	const rate = getConfig().TELEGRAM_GLOBAL_RATE;
	if (transformers?.rate !== rate) {
		transformers = {
			rate,
			throttle: apiThrottler({
				global: { reservoir: rate, reservoirRefreshAmount: rate, reservoirRefreshInterval: 1000 },
				// Telegram allows about one message per second per private chat, with short bursts.
				out: { maxConcurrent: 1, minTime: rate > 30 ? 0 : 250 }
			})
		};
	}
	api.config.use(transformers.throttle);
	api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
}
