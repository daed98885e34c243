/**
 * The workshop: starting a repair, technicians' work logs (ثبت عملکرد) with parts used, and QC's
 * approval or rejection with a score.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { qcApprovalTarget } from '#lib/domain/lifecycle';
import { requirePermission, type Actor } from '../auth/access';
import type { Executor } from '../db';
import {
	bomLines,
	products,
	qcReviews,
	serviceOrders,
	workLogParts,
	workLogs,
	type QcReview,
	type ServiceOrder,
	type ServiceRequest,
	type WorkLog,
	type WorkLogPart
} from '../db/schema';
import { notFound, parseOrThrow } from '../http/errors';
import { inTransaction, type ServiceContext } from './context';
import { conflict, fieldError } from './errors';
import { assertAssignedTechnician, closeActiveOrders, requireActiveOrder } from './orders';
import { recordServiceChange } from './record';
import {
	qcReviewSchema,
	versionOnlySchema,
	workLogSchema,
	type QcReviewInput,
	type WorkLogInput
} from './schemas';
import { lockRequest } from './scope';
import { assertRequestVersion, assertStatus, transitionRequest } from './transition';

async function markOrderStarted(tx: Executor, order: ServiceOrder, now: Date): Promise<void> {
	if (order.status !== 'open') return;
	await tx
		.update(serviceOrders)
		.set({
			status: 'in_progress',
			startedAt: order.startedAt ?? now,
			updatedAt: now,
			version: order.version + 1
		})
		.where(eq(serviceOrders.id, order.id));
}

/** Starts the repair inside the caller's transaction; see startRepair. */
export async function startRepairInTx(
	ctx: ServiceContext,
	requestId: number,
	version?: number
): Promise<ServiceRequest> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, version);
	const order = await requireActiveOrder(tx, requestId);
	assertAssignedTechnician(actor, order);
	const moved = await transitionRequest(tx, actor, requestId, 'awaiting_repair', {
		now,
		locked: request,
		payload: { technicianId: order.technicianId, orderId: order.id }
	});
	await markOrderStarted(tx, order, now);
	return moved;
}

/** The technician starts repairing once the cost is settled (approved, or no charge) → awaiting_repair. */
export async function startRepair(
	actor: Actor,
	requestId: number,
	raw: unknown = {},
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'worklogs', 'edit');
	const { version } = parseOrThrow(versionOnlySchema, raw);
	return inTransaction(actor, (ctx) => startRepairInTx(ctx, requestId, version), now);
}

/** A work log with its parts. */
export type WorkLogWithParts = WorkLog & { parts: WorkLogPart[] };

function durationOf(input: WorkLogInput): number {
	if (input.startedAt && input.endedAt) {
		if (input.endedAt.getTime() <= input.startedAt.getTime())
			throw fieldError('endedAt', 'service.error.endBeforeStart');
		return Math.max(1, Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 60_000));
	}
	if (input.durationMinutes !== undefined) return input.durationMinutes;
	throw fieldError('durationMinutes', 'service.error.durationRequired');
}

/** Logs work inside the caller's transaction; see logWork. */
export async function logWorkInTx(
	ctx: ServiceContext,
	input: WorkLogInput
): Promise<WorkLogWithParts> {
	const { tx, actor, now } = ctx;
	let requestId = input.requestId;
	if (input.orderId !== undefined) {
		const [order] = await tx
			.select({ requestId: serviceOrders.requestId })
			.from(serviceOrders)
			.where(eq(serviceOrders.id, input.orderId));
		if (!order || (requestId !== undefined && order.requestId !== requestId)) throw notFound();
		requestId = order.requestId;
	}
	const request = await lockRequest(tx, actor, requestId!);
	await assertRequestVersion(tx, actor, request, input.version);
	assertStatus(actor, request, ['awaiting_repair', 'returned_from_qc']);
	const order = await requireActiveOrder(tx, request.id);
	if (input.orderId !== undefined && order.id !== input.orderId) {
		throw conflict('order_not_active', 'service.error.orderNotActive', { activeOrderId: order.id });
	}
	assertAssignedTechnician(actor, order);
	const durationMinutes = durationOf(input);
	const parts = input.parts ?? [];
	const partIds = [...new Set(parts.map((p) => p.productId))];
	const known = partIds.length
		? await tx.select({ id: products.id }).from(products).where(inArray(products.id, partIds))
		: [];
	parts.forEach((p, i) => {
		if (!known.some((k) => k.id === p.productId))
			throw fieldError(`parts.${i}.productId`, 'service.error.partNotFound');
	});
	// Whether a part came from the BOM is a fact about the product, not what the form claims.
	const bom = partIds.length
		? await tx
				.select({ partId: bomLines.partId })
				.from(bomLines)
				.where(and(eq(bomLines.productId, request.productId), inArray(bomLines.partId, partIds)))
		: [];
	const isRework = request.status === 'returned_from_qc';
	const [log] = await tx
		.insert(workLogs)
		.values({
			orderId: order.id,
			requestId: request.id,
			technicianId: order.technicianId,
			startedAt: input.startedAt ?? null,
			endedAt: input.endedAt ?? null,
			durationMinutes,
			description: input.description,
			isRework,
			createdAt: now
		})
		.returning();
	const partRows = parts.length
		? await tx
				.insert(workLogParts)
				.values(
					parts.map((p) => ({
						workLogId: log!.id,
						productId: p.productId,
						quantity: p.quantity,
						newSerial: p.newSerial ?? '',
						removedSerial: p.removedSerial ?? '',
						fromBom: bom.some((b) => b.partId === p.productId)
					}))
				)
				.returning()
		: [];
	await markOrderStarted(tx, order, now);
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'work_log',
		entityId: log!.id,
		action: 'submitted',
		branchId: request.branchId,
		changes: {
			requestId: request.id,
			orderId: order.id,
			technicianId: order.technicianId,
			durationMinutes,
			isRework,
			parts: partRows.map((p) => ({
				productId: p.productId,
				quantity: p.quantity,
				newSerial: p.newSerial,
				removedSerial: p.removedSerial,
				fromBom: p.fromBom
			}))
		},
		payload: { formNumber: request.formNumber }
	});
	await transitionRequest(tx, actor, request.id, 'awaiting_qc', {
		now,
		locked: request,
		payload: { workLogId: log!.id }
	});
	return { ...log!, parts: partRows };
}

/**
 * The technician logs work (time, description, parts from the BOM or any part with new and
 * removed serials) and submits it: awaiting_repair or returned_from_qc → awaiting_qc.
 */
export async function logWork(actor: Actor, raw: unknown, now?: Date): Promise<WorkLogWithParts> {
	requirePermission(actor, 'worklogs', 'edit');
	const input = parseOrThrow(workLogSchema, raw);
	return inTransaction(actor, (ctx) => logWorkInTx(ctx, input), now);
}

/** Reviews a work log inside the caller's transaction; see qcReview. */
export async function qcReviewInTx(
	ctx: ServiceContext,
	workLogId: number,
	input: QcReviewInput
): Promise<QcReview> {
	const { tx, actor, now } = ctx;
	const [found] = await tx
		.select({ requestId: workLogs.requestId })
		.from(workLogs)
		.where(eq(workLogs.id, workLogId));
	if (!found) throw notFound();
	const request = await lockRequest(tx, actor, found.requestId);
	const [log] = await tx.select().from(workLogs).where(eq(workLogs.id, workLogId)).for('update');
	if (log!.status !== 'submitted')
		throw conflict('already_reviewed', 'service.error.alreadyReviewed', { status: log!.status });
	await assertRequestVersion(tx, actor, request, input.version);
	const approve = input.decision === 'approve';
	const reason = input.reason?.trim() ?? '';
	const to = approve
		? qcApprovalTarget({ inBulkList: request.listId !== null, needsSorting: request.needsSorting })
		: 'returned_from_qc';
	await transitionRequest(tx, actor, request.id, to, {
		now,
		locked: request,
		reason: reason || null,
		payload: { workLogId, technicianId: log!.technicianId, score: input.score }
	});
	const [review] = await tx
		.insert(qcReviews)
		.values({
			workLogId,
			requestId: request.id,
			decision: approve ? 'approved' : 'rejected',
			reason,
			score: input.score,
			reviewerId: actor.user.id,
			createdAt: now
		})
		.returning();
	await tx
		.update(workLogs)
		.set({ status: approve ? 'approved' : 'rejected', version: log!.version + 1 })
		.where(eq(workLogs.id, workLogId));
	if (approve) await closeActiveOrders(ctx, request.id, 'done');
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'work_log',
		entityId: workLogId,
		action: 'reviewed',
		branchId: request.branchId,
		changes: {
			requestId: request.id,
			qcReviewId: review!.id,
			decision: review!.decision,
			score: input.score,
			...(reason ? { reason } : {})
		},
		payload: { technicianId: log!.technicianId, formNumber: request.formNumber }
	});
	return review!;
}

/**
 * QC approves (→ awaiting_sorting for bulk lists and units to sort, else ready_for_delivery) or
 * rejects with a reason (→ returned_from_qc, back to the same technician) a submitted work log,
 * scoring the technician's work 0–100.
 */
export async function qcReview(
	actor: Actor,
	workLogId: number,
	raw: unknown,
	now?: Date
): Promise<QcReview> {
	requirePermission(actor, 'qc', 'edit');
	const input = parseOrThrow(qcReviewSchema, raw);
	return inTransaction(actor, (ctx) => qcReviewInTx(ctx, workLogId, input), now);
}

/** Every work log of a request with its parts, oldest first. */
export async function listWorkLogsOfRequest(
	db: Executor,
	requestId: number
): Promise<WorkLogWithParts[]> {
	const logs = await db
		.select()
		.from(workLogs)
		.where(eq(workLogs.requestId, requestId))
		.orderBy(workLogs.id);
	if (!logs.length) return [];
	const parts = await db
		.select()
		.from(workLogParts)
		.where(
			inArray(
				workLogParts.workLogId,
				logs.map((l) => l.id)
			)
		)
		.orderBy(workLogParts.id);
	return logs.map((l) => ({ ...l, parts: parts.filter((p) => p.workLogId === l.id) }));
}
