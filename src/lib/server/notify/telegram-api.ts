/**
 * The outbound Telegram Bot API client shared by the bot's replies and the delivery jobs:
 * grammY's `Api` pointed at TELEGRAM_API_ROOT (tests use a loopback fake), with the throttler
 * (stays inside Telegram's global and per-chat limits) and auto-retry (honours `retry_after`
 * and Telegram's own 5xx answers a few times) transformers. The Bot API has no idempotency key,
 * so a call is repeated only when Telegram answered that it failed or when the connection
 * failed before any byte left; a call whose answer was lost is never repeated here.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api, HttpError, type Transformer } from 'grammy';
import { getConfig } from '../config';

// Socket errors raised while connecting: the request never left this machine.
const BEFORE_CONNECT = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL'
]);

/** True when a failed call provably never reached Telegram (it failed while connecting). */
export function failedBeforeSending(error: unknown): boolean {
	const cause = error instanceof HttpError ? error.error : error;
	const code =
		(cause as { code?: unknown } | null)?.code ??
		(cause as { cause?: { code?: unknown } } | null)?.cause?.code;
	return typeof code === 'string' && BEFORE_CONNECT.has(code);
}

const wireMarks = new WeakMap<object, () => Promise<void>>();

/**
 * Registers work to finish before the call with this payload object goes on the wire (after
 * the throttler's wait): recording a Telegram send as in flight, so a crash before this point
 * is known to have sent nothing.
 */
export function beforeWire(payload: object, mark: () => Promise<void>): void {
	wireMarks.set(payload, mark);
}

// Innermost transformers: run the payload's wire mark once, then retry only failures that
// happened before any byte was written (nothing can have reached Telegram).
const markWire: Transformer = async (prev, method, payload, signal) => {
	const mark = wireMarks.get(payload);
	if (mark) {
		wireMarks.delete(payload);
		await mark();
	}
	return prev(method, payload, signal);
};

const retryUnsent: Transformer = async (prev, method, payload, signal) => {
	for (let attempt = 0; ; attempt++) {
		try {
			return await prev(method, payload, signal);
		} catch (error) {
			if (attempt >= 3 || signal?.aborted || !failedBeforeSending(error)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
		}
	}
};

let cached: { key: string; api: Api } | undefined;

/** True when a bot token is configured. */
export function telegramEnabled(): boolean {
	return Boolean(getConfig().TELEGRAM_BOT_TOKEN);
}

/** The Bot API client for the configured token, or null when Telegram is off. */
export function getTelegramApi(): Api | null {
	const config = getConfig();
	const key = `${config.TELEGRAM_API_ROOT}|${config.TELEGRAM_BOT_TOKEN}|${config.TELEGRAM_GLOBAL_RATE}`;
	if (cached?.key === key) return cached.api;
	const api = createTelegramApi();
	if (!api) return null;
	cached = { key, api };
	return api;
}

/** A new client with the shared settings, for callers that add transformers of their own. */
export function createTelegramApi(): Api | null {
	const config = getConfig();
	const token = config.TELEGRAM_BOT_TOKEN;
	if (!token) return null;
	const api = new Api(token, telegramClientOptions());
	configureTelegramApi(api);
	return api;
}

/**
 * Client settings shared by the bot and the delivery client. A call that hangs is given up
 * after 40 s (grammY's default is 500 s): it holds the chat's throttle slot and the job runner
 * meanwhile, and an answer that late is treated as lost either way.
 */
export function telegramClientOptions(): { apiRoot: string; timeoutSeconds: number } {
	return {
		apiRoot: getConfig().TELEGRAM_API_ROOT.replace(/\/+$/, ''),
		timeoutSeconds: 40
	};
}

let transformers: { rate: number; throttle: ReturnType<typeof apiThrottler> } | undefined;

/**
 * Installs the wire marks, the throttler and auto-retry on a Bot API client. The bot's client
 * and the delivery client share one throttler, so together they stay inside Telegram's global limit.
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
	// Installed first = runs last, right before the HTTP request.
	api.config.use(markWire, retryUnsent);
	api.config.use(transformers.throttle);
	// Network errors are not auto-retried: the request may have reached Telegram already.
	api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));
}
