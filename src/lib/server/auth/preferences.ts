import { eq } from 'drizzle-orm';
import type { Locale } from '#lib/i18n';
import { getDb } from '../db';
import { users } from '../db/schema';

/** Remembers a user's language so every device shows it. */
export async function setUserLocale(userId: number, locale: Locale): Promise<void> {
	const db = await getDb();
	await db.update(users).set({ locale }).where(eq(users.id, userId));
}
