import { and, count, eq, gt } from 'drizzle-orm';
import { normalizeDigits } from '#lib/domain/text';
import { getConfig } from '../config';
import { getDb } from '../db';
import { loginAttempts, users, type User } from '../db/schema';
import { verifyPassword } from './password';

export type LoginResult =
	| { ok: true; user: User }
	| { ok: false; reason: 'invalid_credentials' | 'rate_limited'; retryAfterSeconds?: number };

/** Usernames are compared lower-case with Latin digits, however they were typed. */
export function normalizeUsername(username: string): string {
	return normalizeDigits(username).trim().toLowerCase();
}

/** Checks a username and password, with per-account and per-IP limits on failures. */
export async function attemptLogin(
	rawUsername: string,
	password: string,
	ip: string
): Promise<LoginResult> {
	const db = await getDb();
	const config = getConfig();
	const username = normalizeUsername(rawUsername);
	const since = new Date(Date.now() - config.LOGIN_WINDOW_MINUTES * 60_000);
	const failures = (where: ReturnType<typeof eq>) =>
		db
			.select({ n: count() })
			.from(loginAttempts)
			.where(and(where, eq(loginAttempts.success, false), gt(loginAttempts.createdAt, since)))
			.then((r) => r[0]?.n ?? 0);
	const [byAccount, byIp] = await Promise.all([
		failures(eq(loginAttempts.username, username)),
		failures(eq(loginAttempts.ip, ip))
	]);
	if (
		byAccount >= config.LOGIN_MAX_FAILURES_PER_ACCOUNT ||
		byIp >= config.LOGIN_MAX_FAILURES_PER_IP
	) {
		return {
			ok: false,
			reason: 'rate_limited',
			retryAfterSeconds: config.LOGIN_WINDOW_MINUTES * 60
		};
	}
	const [user] = await db.select().from(users).where(eq(users.username, username));
	// Unknown users still pay for a hash verification so the two failures look alike.
	const valid = await verifyPassword(user?.active ? user.passwordHash : null, password);
	await db.insert(loginAttempts).values({ username, ip, success: valid });
	if (!valid || !user) return { ok: false, reason: 'invalid_credentials' };
	return { ok: true, user };
}
