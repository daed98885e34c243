/**
 * Ticket kiosks: a tablet at a branch's door opened with a link whose token is shown once (like
 * a board link). The token only lets it take tickets for its own branch; revoking ends it.
 */
import { and, asc, eq, gte, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { KIOSK_LIMITS, type QueuePurpose } from '#lib/domain/queue';
import { requirePermission, type Actor } from '../auth/access';
import { generateToken, hashToken } from '../auth/tokens';
import { getDb, type Executor } from '../db';
import { branches, queueKiosks, queueTickets, type QueueKiosk } from '../db/schema';
import { recordHistory } from '../events/record';
import { AppError, notFound, parseOrThrow } from '../http/errors';
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

/** How many kiosk tickets match `where` since `since`, and when the oldest of them was taken. */
async function ticketsSince(
	tx: Executor,
	where: SQL,
	since: Date
): Promise<{ n: number; oldest: Date | null }> {
	const [row] = await tx
		.select({
			n: sql<number>`count(*)::int`,
			oldest: sql<string | Date | null>`min(${queueTickets.createdAt})`
		})
		.from(queueTickets)
		.where(and(where, gte(queueTickets.createdAt, since)));
	const oldest = row?.oldest ? new Date(row.oldest) : null;
	return { n: Number(row?.n ?? 0), oldest };
}

/**
 * Refuses a kiosk ticket over the kiosk's, the address's or the branch's limit (429 with the
 * minutes to wait). Called after the kiosk row is locked, so one kiosk's presses are counted
 * one after the other.
 */
async function assertKioskLimits(
	tx: Executor,
	kiosk: QueueKiosk,
	ip: string | null,
	now: Date
): Promise<void> {
	const minute = { windowMs: KIOSK_LIMITS.windowMs };
	const checks: { where: SQL; max: number; windowMs: number }[] = [
		{ where: eq(queueTickets.kioskId, kiosk.id), max: KIOSK_LIMITS.perKioskPerWindow, ...minute },
		{
			where: and(eq(queueTickets.branchId, kiosk.branchId), eq(queueTickets.source, 'kiosk'))!,
			max: KIOSK_LIMITS.perBranchPerHour,
			windowMs: 3_600_000
		}
	];
	if (ip)
		checks.splice(1, 0, {
			where: eq(queueTickets.clientIp, ip),
			max: KIOSK_LIMITS.perIpPerWindow,
			...minute
		});
	for (const { where, max, windowMs } of checks) {
		const { n, oldest } = await ticketsSince(tx, where, new Date(now.getTime() - windowMs));
		if (n < max) continue;
		const waitMs = oldest ? oldest.getTime() + windowMs - now.getTime() : windowMs;
		const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
		throw new AppError(
			429,
			'rate_limited',
			'queue.error.kioskBusy',
			{ minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
			undefined,
			{ retryAfterSeconds }
		);
	}
}

/**
 * A customer presses a purpose on the kiosk: a ticket of the kiosk's branch, within the
 * kiosk's limits (per kiosk, per address, per branch).
 */
export async function issueAtKiosk(
	token: string,
	purpose: QueuePurpose,
	now: Date = new Date(),
	ip: string | null = null
): Promise<TicketView> {
	const found = await findActiveKiosk(token);
	if (!found) throw notFound();
	const db = await getDb();
	return db.transaction(async (tx) => {
		// Also the lock that serialises this kiosk's presses for the limit counts.
		await tx.update(queueKiosks).set({ lastSeenAt: now }).where(eq(queueKiosks.id, found.kiosk.id));
		await assertKioskLimits(tx, found.kiosk, ip || null, now);
		return issueTicketInTx(tx, found.branch.id, purpose, 'kiosk', null, now, {
			kioskId: found.kiosk.id,
			clientIp: ip || null
		});
	});
}
