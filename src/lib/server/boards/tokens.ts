/** Board link tokens: how a wall screen proves which board it is, without any user account. */
import { and, eq, isNull } from 'drizzle-orm';
import { hashToken } from '../auth/tokens';
import { getDb } from '../db';
import { boards, type Board } from '../db/schema';

/** The live (not revoked) board a link token opens, or null. */
export async function findActiveBoard(token: string): Promise<Board | null> {
	if (!/^[a-z0-9]{16,64}$/.test(token)) return null;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(boards)
		.where(and(eq(boards.tokenHash, hashToken(token)), isNull(boards.revokedAt)));
	return row ?? null;
}

/** Notes that a board screen connected, so admins can spot a dead screen. */
export async function touchBoard(boardId: number): Promise<void> {
	const db = await getDb();
	await db.update(boards).set({ lastSeenAt: new Date() }).where(eq(boards.id, boardId));
}
