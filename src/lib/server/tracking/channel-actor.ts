/**
 * Who acts when a customer answers through a door without an account (the tracking page): a
 * built-in, inactive user with no password, so history and `answered_by` name it and nobody can
 * sign in as it. Its only grant, held in memory, is what answering an estimate needs.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/access';
import type { Tx } from '../db';
import { users } from '../db/schema';

/** Username of the tracking page's built-in user. */
export const TRACKING_USERNAME = 'system.tracking';

/** The tracking page's actor, creating its user on first use (inside the caller's transaction). */
export async function channelActor(tx: Tx): Promise<Actor> {
	let [user] = await tx.select().from(users).where(eq(users.username, TRACKING_USERNAME));
	if (!user) {
		[user] = await tx
			.insert(users)
			.values({
				username: TRACKING_USERNAME,
				displayName: 'مشتری (صفحهٔ پیگیری) · Customer (tracking page)',
				passwordHash: null,
				active: false
			})
			.onConflictDoNothing({ target: users.username })
			.returning();
		[user] = user
			? [user]
			: await tx.select().from(users).where(eq(users.username, TRACKING_USERNAME));
	}
	return { user: user!, grants: { requests: 'edit' }, sessionId: '', via: 'cookie' };
}
