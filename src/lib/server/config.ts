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
		.default('khadamat_')
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
