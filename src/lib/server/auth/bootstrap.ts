import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { BUILT_IN_ROLES, ROLE_KEYS, ROLE_NAMES } from '#lib/domain/permissions';
import { getConfig } from '../config';
import { getDb, type Executor } from '../db';
import { grants, roles, setupTokens, userRoles, users, type User } from '../db/schema';
import { AppError } from '../http/errors';
import { hashPassword } from './password';
import { normalizeUsername } from './login';
import { generateToken, hashToken } from './tokens';

/** Creates the built-in roles with their default grants; existing roles are left as admins edited them. */
export async function ensureBuiltInRoles(executor?: Executor): Promise<void> {
	const db = executor ?? (await getDb());
	for (const key of ROLE_KEYS) {
		const [created] = await db
			.insert(roles)
			.values({ key, nameFa: ROLE_NAMES[key].fa, nameEn: ROLE_NAMES[key].en, builtIn: true })
			.onConflictDoNothing({ target: roles.key })
			.returning({ id: roles.id });
		if (!created) continue;
		const rows = Object.entries(BUILT_IN_ROLES[key]).map(([area, level]) => ({
			roleId: created.id,
			area,
			level
		}));
		if (rows.length) await db.insert(grants).values(rows);
	}
}

/** Whether any active user holds the admin role. */
export async function hasAdministrator(executor?: Executor): Promise<boolean> {
	const db = executor ?? (await getDb());
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(userRoles)
		.innerJoin(roles, eq(roles.id, userRoles.roleId))
		.innerJoin(users, eq(users.id, userRoles.userId))
		.where(and(eq(roles.key, 'admin'), eq(users.active, true)));
	return (row?.n ?? 0) > 0;
}

/** Creates an administrator account in one transaction. */
export async function createAdministrator(input: {
	username: string;
	displayName: string;
	password: string;
}): Promise<User> {
	const db = await getDb();
	const passwordHash = await hashPassword(input.password);
	return db.transaction((tx) => insertAdministrator(tx, input, passwordHash));
}

async function insertAdministrator(
	tx: Executor,
	input: { username: string; displayName: string },
	passwordHash: string
): Promise<User> {
	const [user] = await tx
		.insert(users)
		.values({
			username: normalizeUsername(input.username),
			displayName: input.displayName,
			passwordHash
		})
		.returning();
	const [admin] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, 'admin'));
	if (!admin) throw new Error('Built-in roles are missing; run ensureBuiltInRoles first');
	await tx.insert(userRoles).values({ userId: user.id, roleId: admin.id });
	return user;
}

/** Advisory lock key serialising first-start bootstrap across processes sharing one database. */
const BOOTSTRAP_LOCK = 0x6b68_6164;

/**
 * First start: create the administrator from ADMIN_USERNAME/ADMIN_PASSWORD, or issue a one-time
 * setup token. Returns the token (to print as a link) when one was issued.
 */
export async function bootstrapAdministrator(): Promise<{ setupToken?: string }> {
	const config = getConfig();
	const fromEnv = config.ADMIN_USERNAME && config.ADMIN_PASSWORD ? config.ADMIN_USERNAME : null;
	const passwordHash = fromEnv ? await hashPassword(config.ADMIN_PASSWORD!) : null;
	const db = await getDb();
	return db.transaction(async (tx) => {
		// Two processes starting together on one empty database would both see no administrator
		// and both insert one; the second would crash on the unique username.
		await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
		await ensureBuiltInRoles(tx);
		if (await hasAdministrator(tx)) return {};
		if (fromEnv && passwordHash) {
			await insertAdministrator(tx, { username: fromEnv, displayName: fromEnv }, passwordHash);
			return {};
		}
		return { setupToken: await issueSetupToken(tx) };
	});
}

/** Issues a fresh one-time setup token, valid for SETUP_TOKEN_MINUTES. */
export async function issueSetupToken(executor?: Executor): Promise<string> {
	const db = executor ?? (await getDb());
	const token = generateToken();
	await db.insert(setupTokens).values({
		id: hashToken(token),
		expiresAt: new Date(Date.now() + getConfig().SETUP_TOKEN_MINUTES * 60_000)
	});
	return token;
}

/** Whether a setup token is still usable (unused, unexpired, and no admin exists yet). */
export async function isSetupTokenValid(token: string): Promise<boolean> {
	const db = await getDb();
	const [row] = await db
		.select({ id: setupTokens.id })
		.from(setupTokens)
		.where(
			and(
				eq(setupTokens.id, hashToken(token)),
				isNull(setupTokens.usedAt),
				gt(setupTokens.expiresAt, new Date())
			)
		);
	return Boolean(row) && !(await hasAdministrator());
}

/** Spends a setup token to create the first administrator; a used or expired token is refused. */
export async function completeSetup(
	token: string,
	input: { username: string; displayName: string; password: string }
): Promise<User> {
	const db = await getDb();
	const [claimed] = await db
		.update(setupTokens)
		.set({ usedAt: new Date() })
		.where(
			and(
				eq(setupTokens.id, hashToken(token)),
				isNull(setupTokens.usedAt),
				gt(setupTokens.expiresAt, new Date())
			)
		)
		.returning({ id: setupTokens.id });
	if (!claimed || (await hasAdministrator())) {
		throw new AppError(400, 'setup_token_invalid', 'setup.invalidToken');
	}
	return createAdministrator(input);
}
