import { eq } from 'drizzle-orm';
import type { BoardScope } from '#lib/realtime/contract';
import type { Actor } from '../auth/access';
import { getDb } from '../db';
import { branches, type Branch } from '../db/schema';
import { forbidden, notFound } from '../http/errors';

/** The scope a signed-in user follows by default: their branch, or every branch. */
export function defaultScope(actor: Actor): BoardScope {
	return actor.user.branchId ?? 'all';
}

/**
 * Reads a scope from a path (`all` or a branch id) and checks the actor may follow it: every
 * branch only for unscoped staff, otherwise their own branch; agency users follow none.
 */
export async function resolveScope(
	actor: Actor,
	raw: string
): Promise<{ scope: BoardScope; branch: Branch | null }> {
	if (actor.user.agencyId !== null) throw forbidden();
	if (raw === 'all') {
		if (actor.user.branchId !== null) throw forbidden();
		return { scope: 'all', branch: null };
	}
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isInteger(id) || id <= 0) throw notFound();
	if (actor.user.branchId !== null && actor.user.branchId !== id) throw forbidden();
	const db = await getDb();
	const [branch] = await db.select().from(branches).where(eq(branches.id, id));
	if (!branch) throw notFound();
	return { scope: id, branch };
}

/** Branches an actor may open a board for, by code. */
export async function scopeOptions(actor: Actor): Promise<Branch[]> {
	const db = await getDb();
	const rows = await db
		.select()
		.from(branches)
		.where(
			actor.user.branchId === null
				? eq(branches.active, true)
				: eq(branches.id, actor.user.branchId)
		)
		.orderBy(branches.code);
	return rows;
}
