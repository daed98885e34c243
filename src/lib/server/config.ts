import { z } from 'zod';

const schema = z.object({
	NODE_ENV: z.string().default('development'),
	DATABASE_URL: z.string().url().optional(),
	DATA_DIR: z.string().default('./data'),
	ADMIN_USERNAME: z.string().min(3).optional(),
	ADMIN_PASSWORD: z.string().min(10).optional(),
	ORIGIN: z.string().url().optional(),
	PORT: z.coerce.number().int().positive().default(3000),
	SESSION_DAYS: z.coerce.number().int().positive().default(30),
	SETUP_TOKEN_MINUTES: z.coerce.number().int().positive().default(60),
	LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
	LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
	LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
	/** Meilisearch server; when set, search runs there (fed from the outbox) instead of Postgres. */
	MEILI_URL: z.string().url().optional(),
	MEILI_MASTER_KEY: z.string().optional(),
	/** Prefix of the Meilisearch index names, so several deployments can share one server. */
	MEILI_INDEX_PREFIX: z
		.string()
		.regex(/^[a-z0-9_]*$/)
		.default('khadamat_'),
	/** Kavenegar REST API key; when unset SMS goes to the log provider (kept in memory too). */
	KAVENEGAR_API_KEY: z.string().min(1).optional(),
	/** Kavenegar line number messages are sent from; Kavenegar's default line when unset. */
	KAVENEGAR_SENDER: z.string().regex(/^\d+$/).optional(),
	/** Kavenegar API origin; tests point it at the loopback fake. */
	KAVENEGAR_BASE_URL: z.string().url().default('https://api.kavenegar.com'),
	/** Per-request timeout for Kavenegar calls. */
	KAVENEGAR_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
	/** Path secret of the inbound SMS webhook: /api/webhooks/sms/kavenegar/<secret>. */
	KAVENEGAR_INBOUND_SECRET: z.string().min(8).optional(),
	/** Kavenegar verify/lookup template the tracking page's one-time code is sent with. */
	KAVENEGAR_VERIFY_TEMPLATE: z.string().min(1).max(100).default('khadamat-tracking-code'),
	/** Telegram bot token from @BotFather; the bot is off when unset. */
	TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
	/** Bot API origin; tests point the real bot at the loopback fake. */
	TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
	/** Public HTTPS URL of /api/webhooks/telegram; long polling is used when unset. */
	TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
	/** Checked against X-Telegram-Bot-Api-Secret-Token on every webhook call. */
	TELEGRAM_WEBHOOK_SECRET: z
		.string()
		.regex(/^[A-Za-z0-9_-]{1,256}$/)
		.optional(),
	/** Outbound Bot API calls per second over all chats (Telegram allows about 30). */
	TELEGRAM_GLOBAL_RATE: z.coerce.number().int().positive().default(30),
	/** Technicians without a linked Telegram get new-order notices by SMS when this is on. */
	NOTIFY_STAFF_SMS_FALLBACK: z
		.enum(['true', 'false', '1', '0'])
		.default('true')
		.transform((v) => v === 'true' || v === '1'),
	/** Inbound messages one sender may send per 10 minutes before the rest are ignored. */
	INBOUND_MAX_PER_10_MIN: z.coerce.number().int().positive().default(20),
	/** Failed warranty-serial lookups one sender may make per hour (serial guessing throttle). */
	SERIAL_MISSES_PER_HOUR: z.coerce.number().int().positive().default(5)
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

/** Reads and validates the process environment once; secrets never come from anywhere else. */
export function getConfig(): Config {
	if (!cached) {
		const env = Object.fromEntries(
			Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')
		);
		const parsed = schema.safeParse(env);
		if (!parsed.success) {
			const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
			throw new Error(`Invalid configuration:\n  ${fields.join('\n  ')}`);
		}
		cached = parsed.data;
	}
	return cached;
}

/** Forgets the cached configuration; tests change the environment between suites. */
export function resetConfig(): void {
	cached = undefined;
}

/** True when the app serves real users over HTTPS, which decides cookie flags. */
export function isProduction(): boolean {
	return getConfig().NODE_ENV === 'production';
}
