/**
 * Ticket kiosks: a tablet at a branch's door opened with a link whose token is shown once (like
 * a board link). The token only lets it take tickets for its own branch; revoking ends it.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { QueuePurpose } from '#lib/domain/queue';
import { requirePermission, type Actor } from '../auth/access';
import { generateToken, hashToken } from '../auth/tokens';
import { getDb } from '../db';
import { branches, queueKiosks, type QueueKiosk } from '../db/schema';
import { recordHistory } from '../events/record';
import { notFound, parseOrThrow } from '../http/errors';
import { id, text } from '../catalog/inputs';
import { issueTicketInTx, type TicketView } from './tickets';

/** Input to create a kiosk link. */
export const kioskCreateSchema = z.object({ name: text(80), branchId: id });

/** A kiosk with its branch's names, for the management list. */
export type KioskRow = QueueKiosk & { branchNameFa: string; branchNameEn: string };

function assertBranchScope(actor: Actor, branchId: number): void {
	if (actor.user.branchId !== null && actor.user.branchId !== branchId) throw notFound();
}

/** Kiosks of the actor's branches, newest first. */
export async function listKiosks(actor: Actor): Promise<KioskRow[]> {
	requirePermission(actor, 'boards', 'manage');
	const db = await getDb();
	const rows = await db
		.select({ kiosk: queueKiosks, fa: branches.nameFa, en: branches.nameEn })
		.from(queueKiosks)
		.innerJoin(branches, eq(branches.id, queueKiosks.branchId))
		.where(actor.user.branchId !== null ? eq(queueKiosks.branchId, actor.user.branchId) : undefined)
		.orderBy(asc(queueKiosks.revokedAt), asc(queueKiosks.id));
	return rows.map((r) => ({ ...r.kiosk, branchNameFa: r.fa, branchNameEn: r.en }));
}

/** Creates a kiosk link; the token is returned this once and only its hash is kept. */
export async function createKiosk(
	actor: Actor,
	raw: unknown
): Promise<{ kiosk: QueueKiosk; token: string }> {
	requirePermission(actor, 'boards', 'manage');
	const input = parseOrThrow(kioskCreateSchema, raw);
	assertBranchScope(actor, input.branchId);
	const token = generateToken();
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [branch] = await tx.select().from(branches).where(eq(branches.id, input.branchId));
		if (!branch) throw notFound();
		const [kiosk] = await tx
			.insert(queueKiosks)
			.values({ ...input, tokenHash: hashToken(token), createdBy: actor.user.id })
			.returning();
		await recordHistory(tx, {
			entityType: 'queue_kiosk',
			entityId: kiosk!.id,
			action: 'created',
			actorId: actor.user.id,
			changes: { name: input.name, branchId: input.branchId }
		});
		return { kiosk: kiosk!, token };
	});
}

/** Revokes a kiosk link at once; the tablet's next press is refused. */
export async function revokeKiosk(actor: Actor, kioskId: number): Promise<void> {
	requirePermission(actor, 'boards', 'manage');
	const db = await getDb();
	await db.transaction(async (tx) => {
		const [kiosk] = await tx.select().from(queueKiosks).where(eq(queueKiosks.id, kioskId));
		if (!kiosk) throw notFound();
		assertBranchScope(actor, kiosk.branchId);
		if (kiosk.revokedAt) return;
		await tx.update(queueKiosks).set({ revokedAt: new Date() }).where(eq(queueKiosks.id, kioskId));
		await recordHistory(tx, {
			entityType: 'queue_kiosk',
			entityId: kioskId,
			action: 'revoked',
			actorId: actor.user.id
		});
	});
}

/** The live kiosk a link token opens, with its branch, or null. */
export async function findActiveKiosk(
	token: string
): Promise<{ kiosk: QueueKiosk; branch: typeof branches.$inferSelect } | null> {
	if (!/^[a-z0-9]{16,64}$/.test(token)) return null;
	const db = await getDb();
	const [row] = await db
		.select({ kiosk: queueKiosks, branch: branches })
		.from(queueKiosks)
		.innerJoin(branches, eq(branches.id, queueKiosks.branchId))
		.where(and(eq(queueKiosks.tokenHash, hashToken(token)), isNull(queueKiosks.revokedAt)));
	return row ?? null;
}

/** A customer presses a purpose on the kiosk: a ticket of the kiosk's branch. */
export async function issueAtKiosk(
	token: string,
	purpose: QueuePurpose,
	now: Date = new Date()
): Promise<TicketView> {
	const found = await findActiveKiosk(token);
	if (!found) throw notFound();
	const db = await getDb();
	return db.transaction(async (tx) => {
		await tx.update(queueKiosks).set({ lastSeenAt: now }).where(eq(queueKiosks.id, found.kiosk.id));
		return issueTicketInTx(tx, found.branch.id, purpose, 'kiosk', null, now);
	});
}
