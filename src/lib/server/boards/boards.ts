/**
 * Wall board devices: an administrator creates a read-only board link per screen (the token is
 * shown once, only its hash is stored) and can revoke it, which disconnects the screen at once.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor } from '../auth/access';
import { generateToken, hashToken } from '../auth/tokens';
import { id, optional, text } from '../catalog/inputs';
import { getDb } from '../db';
import { boards, branches, users, type Board } from '../db/schema';
import { recordChange } from '../events/record';
import { AppError, notFound, parseOrThrow } from '../http/errors';
import { disconnectBoardSockets } from '../realtime/server';

/** Input to create a board: a name and its branch (empty for every branch). */
export const boardCreateSchema = z.object({ name: text(80), branchId: optional(id) });

/** A board as the admin list shows it. */
export type BoardRow = Pick<
	Board,
	'id' | 'name' | 'branchId' | 'createdAt' | 'revokedAt' | 'lastSeenAt'
> & {
	branchNameFa: string | null;
	branchNameEn: string | null;
	createdByName: string | null;
};

/** Boards, newest first; a branch-scoped administrator sees their branch's boards only. */
export async function listBoards(actor: Actor): Promise<BoardRow[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	return db
		.select({
			id: boards.id,
			name: boards.name,
			branchId: boards.branchId,
			createdAt: boards.createdAt,
			revokedAt: boards.revokedAt,
			lastSeenAt: boards.lastSeenAt,
			branchNameFa: branches.nameFa,
			branchNameEn: branches.nameEn,
			createdByName: users.displayName
		})
		.from(boards)
		.leftJoin(branches, eq(branches.id, boards.branchId))
		.leftJoin(users, eq(users.id, boards.createdBy))
		.where(actor.user.branchId === null ? undefined : eq(boards.branchId, actor.user.branchId))
		.orderBy(desc(boards.id));
}

/** Creates a board and returns its one-time token; the link is `/board/<token>`. */
export async function createBoard(
	actor: Actor,
	raw: unknown
): Promise<{ board: Board; token: string }> {
	requirePermission(actor, 'admin', 'manage');
	const input = parseOrThrow(boardCreateSchema, raw);
	const branchId = input.branchId ?? null;
	// A branch administrator may not mint a board that watches other branches.
	if (actor.user.branchId !== null && branchId !== actor.user.branchId) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			branchId: { key: 'boards.error.branchScope' }
		});
	}
	const db = await getDb();
	if (branchId !== null) {
		const [branch] = await db
			.select({ id: branches.id })
			.from(branches)
			.where(eq(branches.id, branchId));
		if (!branch)
			throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
				branchId: { key: 'validation.invalid' }
			});
	}
	const token = generateToken();
	const board = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(boards)
			.values({ name: input.name, branchId, tokenHash: hashToken(token), createdBy: actor.user.id })
			.returning();
		await recordChange(tx, {
			entityType: 'board',
			entityId: row!.id,
			action: 'created',
			actorId: actor.user.id,
			type: 'board.created',
			branchId,
			changes: { name: row!.name, branchId }
		});
		return row!;
	});
	return { board, token };
}

/**
 * Revokes a board: its link stops working and every screen showing it is disconnected now (on
 * every process: through the Socket.IO adapter at once, and through the `board.revoked` event
 * each process's dispatcher acts on).
 */
export async function revokeBoard(actor: Actor, boardId: number): Promise<Board> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	const board = await db.transaction(async (tx) => {
		const [current] = await tx.select().from(boards).where(eq(boards.id, boardId)).for('update');
		if (!current || (actor.user.branchId !== null && current.branchId !== actor.user.branchId))
			throw notFound();
		if (current.revokedAt) return current;
		const [row] = await tx
			.update(boards)
			.set({ revokedAt: new Date(), revokedBy: actor.user.id })
			.where(eq(boards.id, boardId))
			.returning();
		await recordChange(tx, {
			entityType: 'board',
			entityId: boardId,
			action: 'revoked',
			actorId: actor.user.id,
			type: 'board.revoked',
			branchId: current.branchId,
			payload: { boardId },
			changes: { name: current.name }
		});
		return row!;
	});
	disconnectBoardSockets(board.id);
	return board;
}
