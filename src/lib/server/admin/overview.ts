import { sql } from 'drizzle-orm';
import { notSystemUser } from '../auth/system-users';
import { getDb } from '../db';
import { agencies, branches, users } from '../db/schema';

/** Headline counts for the dashboard. */
export async function countOverview(): Promise<{
	users: number;
	branches: number;
	agencies: number;
}> {
	const db = await getDb();
	const n = sql<number>`count(*)::int`;
	const [[u], [b], [a]] = await Promise.all([
		db.select({ n }).from(users).where(notSystemUser()),
		db.select({ n }).from(branches),
		db.select({ n }).from(agencies)
	]);
	return { users: u?.n ?? 0, branches: b?.n ?? 0, agencies: a?.n ?? 0 };
}
