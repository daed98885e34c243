/**
 * The customer (and staff) Telegram bot, built on grammY. Updates never reach it straight from
 * Telegram: the webhook or the long poller stores each one and a `telegram.update` job hands it
 * to `bot.handleUpdate`, so a restart loses nothing and a replayed update_id does nothing twice.
 * Handlers are thin: they call the same front-door services as SMS (#lib/server/notify/front-door).
 */
import { Bot, Context } from 'grammy';
import type { Update } from 'grammy/types';
import { translate, type MessageKey } from '#lib/i18n';
import { getConfig } from '#lib/server/config';
import { configureTelegramApi, telegramClientOptions } from '#lib/server/notify/telegram-api';
import type { TelegramChat } from '#lib/server/db/schema/notify';
import { registerHandlers } from './handlers';
import { replyLedger } from './replies';

/** grammY's context plus the chat's stored row, its language and what the handler made of it. */
export class BotContext extends Context {
	chatRow!: TelegramChat;
	outcome = 'handled';

	/** The chat's language. */
	get locale(): 'fa' | 'en' {
		return this.chatRow?.locale ?? 'fa';
	}

	/** A catalogue message in the chat's language. */
	t(key: MessageKey, params?: Record<string, string | number>): string {
		return translate(this.locale, key, params);
	}
}

let cached: { key: string; bot: Promise<Bot<BotContext>> } | undefined;

/** The initialised bot for the configured token (getMe is asked once), or null when Telegram is off. */
export function getBot(): Promise<Bot<BotContext>> | null {
	const config = getConfig();
	if (!config.TELEGRAM_BOT_TOKEN) return null;
	const key = `${config.TELEGRAM_API_ROOT}|${config.TELEGRAM_BOT_TOKEN}`;
	if (cached?.key !== key) {
		const bot = new Bot<BotContext>(config.TELEGRAM_BOT_TOKEN, {
			ContextConstructor: BotContext,
			client: telegramClientOptions()
		});
		configureTelegramApi(bot.api);
		// Each update's replies are keyed by its update_id, so a replayed job does not repeat them.
		bot.use(async (ctx, next) => {
			ctx.api.config.use(
				replyLedger(ctx.update.update_id, () => ({
					customerId: ctx.chatRow?.customerId ?? null,
					userId: ctx.chatRow?.userId ?? null,
					locale: ctx.locale
				}))
			);
			await next();
		});
		registerHandlers(bot);
		const ready = bot.init().then(() => bot);
		// A failed getMe must not stick: the next update tries again.
		ready.catch(() => {
			if (cached?.bot === ready) cached = undefined;
		});
		cached = { key, bot: ready };
	}
	return cached.bot;
}

/** Forgets the bot (tests switch the fake Bot API between files). */
export function resetBot(): void {
	cached = undefined;
}

/** Outcomes the first middleware records per update id, read once by handleStoredUpdate. */
export const lastOutcome = new Map<number, string>();

/** Runs one stored update through the bot; returns what the handler made of it. */
export async function handleStoredUpdate(update: Update): Promise<string> {
	const bot = await getBot();
	if (!bot) return 'disabled';
	await bot.handleUpdate(update);
	const outcome = lastOutcome.get(update.update_id) ?? 'handled';
	lastOutcome.delete(update.update_id);
	return outcome;
}
