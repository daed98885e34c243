import { describe, expect, it } from 'vitest';
import { loadGrants } from '#lib/server/auth/access';
import {
	bootstrapAdministrator,
	completeSetup,
	createAdministrator,
	hasAdministrator,
	isSetupTokenValid
} from '#lib/server/auth/bootstrap';
import { attemptLogin } from '#lib/server/auth/login';
import { createSession, invalidateSession, validateSessionToken } from '#lib/server/auth/sessions';
import { hashToken } from '#lib/server/auth/tokens';
import { resetConfig } from '#lib/server/config';
import { getDb, schema } from '#lib/server/db';
import { eq } from 'drizzle-orm';

describe('first administrator', () => {
	it('issues a one-time setup link that works once and creates an admin', async () => {
		delete process.env.ADMIN_USERNAME;
		delete process.env.ADMIN_PASSWORD;
		const { setupToken } = await bootstrapAdministrator();
		expect(setupToken).toBeTruthy();
		expect(await isSetupTokenValid(setupToken!)).toBe(true);
		const stored = await (await getDb()).select().from(schema.setupTokens);
		expect(stored.every((t) => t.id !== setupToken)).toBe(true);
		expect(stored.some((t) => t.id === hashToken(setupToken!))).toBe(true);

		const admin = await completeSetup(setupToken!, {
			username: 'Root.Admin',
			displayName: 'مدیر سامانه',
			password: 'a-long-enough-password'
		});
		expect(admin.username).toBe('root.admin');
		expect(await hasAdministrator()).toBe(true);
		expect((await loadGrants(admin.id)).admin).toBe('manage');
		await expect(
			completeSetup(setupToken!, {
				username: 'second',
				displayName: 'x',
				password: 'a-long-enough-password'
			})
		).rejects.toMatchObject({ code: 'setup_token_invalid' });
		expect(await bootstrapAdministrator()).toEqual({});
	});

	it('creates exactly one administrator from the environment when two processes start at once', async () => {
		const db = await getDb();
		// No active administrator again, as on an empty database.
		await db.update(schema.users).set({ active: false });
		process.env.ADMIN_USERNAME = 'env.admin';
		process.env.ADMIN_PASSWORD = 'another-long-password';
		resetConfig();
		try {
			const results = await Promise.all([bootstrapAdministrator(), bootstrapAdministrator()]);
			expect(results).toEqual([{}, {}]);
			const created = await db
				.select()
				.from(schema.users)
				.where(eq(schema.users.username, 'env.admin'));
			expect(created).toHaveLength(1);
			expect((await loadGrants(created[0]!.id)).admin).toBe('manage');
		} finally {
			delete process.env.ADMIN_USERNAME;
			delete process.env.ADMIN_PASSWORD;
			resetConfig();
			await db.update(schema.users).set({ active: true });
		}
	});
});

describe('sign-in', () => {
	it('accepts the right password with any username case and digit form', async () => {
		await createAdministrator({
			username: 'user۱',
			displayName: 'کاربر',
			password: 'correct-horse-battery'
		});
		const ok = await attemptLogin('USER1', 'correct-horse-battery', '10.0.0.1');
		expect(ok.ok).toBe(true);
	});

	it('gives the same answer for an unknown user and a wrong password', async () => {
		const unknown = await attemptLogin('nobody', 'whatever-password', '10.0.0.2');
		const wrong = await attemptLogin('user1', 'wrong-password!!', '10.0.0.2');
		expect(unknown).toEqual({ ok: false, reason: 'invalid_credentials' });
		expect(wrong).toEqual(unknown);
	});

	it('locks an account after repeated failures, even with the right password', async () => {
		await createAdministrator({
			username: 'target',
			displayName: 'هدف',
			password: 'the-right-password'
		});
		for (let i = 0; i < 5; i++) await attemptLogin('target', `wrong-${i}-password`, `10.1.0.${i}`);
		const locked = await attemptLogin('target', 'the-right-password', '10.9.9.9');
		expect(locked).toMatchObject({ ok: false, reason: 'rate_limited' });
	});

	it('limits failures per IP across accounts', async () => {
		for (let i = 0; i < 30; i++) await attemptLogin(`ghost${i}`, 'nope-nope-nope', '10.2.0.1');
		const blocked = await attemptLogin('user1', 'correct-horse-battery', '10.2.0.1');
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		const elsewhere = await attemptLogin('user1', 'correct-horse-battery', '10.2.0.2');
		expect(elsewhere.ok).toBe(true);
	});
});

describe('sessions', () => {
	it('stores only the hash, validates by kind, and ends on sign-out', async () => {
		const admin = await createAdministrator({
			username: 'sess',
			displayName: 'جلسه',
			password: 'session-password'
		});
		const { token, session } = await createSession(admin.id, 'web');
		expect(session.id).toBe(hashToken(token));
		expect((await validateSessionToken(token, 'web'))?.user.id).toBe(admin.id);
		expect(await validateSessionToken(token, 'api')).toBeNull();
		await invalidateSession(session.id);
		expect(await validateSessionToken(token, 'web')).toBeNull();
	});

	it('refuses expired sessions and slides long-lived ones', async () => {
		const db = await getDb();
		const admin = await createAdministrator({
			username: 'slide',
			displayName: 'لغزان',
			password: 'sliding-password'
		});
		const { token, session } = await createSession(admin.id, 'api');
		await db
			.update(schema.sessions)
			.set({ expiresAt: new Date(Date.now() + 86_400_000) })
			.where(eq(schema.sessions.id, session.id));
		const slid = await validateSessionToken(token, 'api');
		expect(slid!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
		await db
			.update(schema.sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(schema.sessions.id, session.id));
		expect(await validateSessionToken(token, 'api')).toBeNull();
	});
});
