import type { Actor } from '../auth/access';
import { getDb, type Tx } from '../db';

/** What every service step needs: the open transaction, who acts, and the instant it happens. */
export interface ServiceContext {
	tx: Tx;
	actor: Actor;
	/** One clock per operation, so every row it writes carries the same time (the demo backdates it). */
	now: Date;
}

/** Runs one service operation in a single transaction. */
export async function inTransaction<T>(
	actor: Actor,
	body: (ctx: ServiceContext) => Promise<T>,
	now: Date = new Date()
): Promise<T> {
	const db = await getDb();
	return db.transaction((tx) => body({ tx, actor, now }));
}
