/**
 * The actor customer channels act as. A customer answering an estimate by SMS or Telegram goes
 * through the same service call as reception does; the service needs an actor with the right to
 * edit requests, and history needs a real user row to name. This is that user: it has no
 * password (it can never sign in) and only the grant the answer needs.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/access';
import { getDb } from '../db';
import { users, type User } from '../db/schema';

export const CHANNEL_USERNAME = 'system.customer-channels';

const cache = new WeakMap<object, User>();

/** The customer-channels actor (created on first use), acting in every branch with requests/edit. */
export async function channelActor(via: 'sms' | 'telegram'): Promise<Actor> {
	const db = await getDb();
	let user = cache.get(db);
	if (!user) {
		await db
			.insert(users)
			.values({
				username: CHANNEL_USERNAME,
				displayName: 'پیامک و تلگرام مشتری',
				passwordHash: null,
				branchId: null
			})
			.onConflictDoNothing({ target: users.username });
		[user] = await db.select().from(users).where(eq(users.username, CHANNEL_USERNAME));
		cache.set(db, user!);
	}
	return { user: user!, grants: { requests: 'edit' }, sessionId: `channel:${via}`, via: 'bearer' };
}
