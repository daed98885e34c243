import { eq } from 'drizzle-orm';
import { getConfig } from '../config';
import { getDb } from '../db';
import { sessions, users, type Session, type User } from '../db/schema';
import { generateToken, hashToken } from './tokens';

const DAY = 24 * 60 * 60 * 1000;

export const SESSION_COOKIE = 'khadamat_session';

export interface ValidatedSession {
	session: Session;
	user: User;
}

/** Creates a session for a user and returns the raw token, which is shown once and never stored. */
export async function createSession(
	userId: number,
	kind: Session['kind']
): Promise<{ token: string; session: Session }> {
	const db = await getDb();
	const token = generateToken();
	const [session] = await db
		.insert(sessions)
		.values({
			id: hashToken(token),
			userId,
			kind,
			expiresAt: new Date(Date.now() + getConfig().SESSION_DAYS * DAY)
		})
		.returning();
	return { token, session };
}

/** Resolves a token to its live session and active user, sliding the expiry when past half-life. */
export async function validateSessionToken(
	token: string,
	kind: Session['kind']
): Promise<ValidatedSession | null> {
	const db = await getDb();
	const id = hashToken(token);
	const [row] = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	if (!row || row.session.kind !== kind) return null;
	const now = Date.now();
	if (row.session.expiresAt.getTime() <= now || !row.user.active) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	const lifetime = getConfig().SESSION_DAYS * DAY;
	if (row.session.expiresAt.getTime() - now < lifetime / 2) {
		row.session.expiresAt = new Date(now + lifetime);
		await db.update(sessions).set({ expiresAt: row.session.expiresAt }).where(eq(sessions.id, id));
	}
	return row;
}

/** Ends one session (sign-out). */
export async function invalidateSession(sessionId: string): Promise<void> {
	const db = await getDb();
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user, e.g. after a password change or deactivation. */
export async function invalidateUserSessions(userId: number): Promise<void> {
	const db = await getDb();
	await db.delete(sessions).where(eq(sessions.userId, userId));
}
