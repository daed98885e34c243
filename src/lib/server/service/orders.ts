/**
 * Service orders (دستور خدمت): dispatching a request to a technician with due time from the
 * priority's SLA over the branch's working hours, and reassigning it with the history kept.
 * The technician hears about it through the `service_order.issued` / `.reassigned` events.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { addWorkingMinutes } from '#lib/domain/working-time';
import { loadGrants, requirePermission, can, type Actor } from '../auth/access';
import { staleError } from '../admin/audit';
import type { Executor, Tx } from '../db';
import {
	orderAssignments,
	priorities,
	serviceOrders,
	serviceRequests,
	serviceTypes,
	services,
	users,
	workTypes,
	type ServiceOrder,
	type ServiceRequest
} from '../db/schema';
import { notFound, parseOrThrow } from '../http/errors';
import { loadBranchCalendar } from './calendar';
import { inTransaction, type ServiceContext } from './context';
import { conflict, fieldError } from './errors';
import { recordServiceChange } from './record';
import { issueOrderSchema, reassignOrderSchema, type IssueOrderInput } from './schemas';
import { canSeeRequest, lockRequest } from './scope';
import { assertRequestVersion, transitionRequest } from './transition';

/** Order statuses in which a technician still has work to do. */
export const ACTIVE_ORDER_STATUSES = ['open', 'in_progress'] as const;

/** The request's open order (newest), row-locked; null when none. */
export async function activeOrderOf(tx: Executor, requestId: number): Promise<ServiceOrder | null> {
	const [row] = await tx
		.select()
		.from(serviceOrders)
		.where(
			and(
				eq(serviceOrders.requestId, requestId),
				inArray(serviceOrders.status, [...ACTIVE_ORDER_STATUSES])
			)
		)
		.orderBy(desc(serviceOrders.id))
		.limit(1)
		.for('update');
	return row ?? null;
}

/** The request's open order, or 409 when the work has not been dispatched. */
export async function requireActiveOrder(tx: Executor, requestId: number): Promise<ServiceOrder> {
	const order = await activeOrderOf(tx, requestId);
	if (!order) throw conflict('no_active_order', 'service.error.noActiveOrder');
	return order;
}

/** Refuses technicians' steps on someone else's order; worklogs managers may act for anyone. */
export function assertAssignedTechnician(actor: Actor, order: ServiceOrder): void {
	if (order.technicianId !== actor.user.id && !can(actor, 'worklogs', 'manage')) {
		throw conflict('not_assigned', 'service.error.notAssignedTechnician', {
			technicianId: order.technicianId
		});
	}
}

/** Checks that a user can take work in the request's branch: active, in scope, may log work. */
export async function assertTechnician(
	tx: Executor,
	technicianId: number,
	branchId: number,
	field = 'technicianId'
): Promise<void> {
	const [user] = await tx.select().from(users).where(eq(users.id, technicianId));
	const ok =
		user &&
		user.active &&
		user.agencyId === null &&
		(user.branchId === null || user.branchId === branchId) &&
		can({ grants: await loadGrants(user.id, tx) }, 'worklogs', 'edit');
	if (!ok) throw fieldError(field, 'service.error.technicianInvalid');
}

async function assertDefinitions(tx: Executor, input: IssueOrderInput) {
	const [priority] = await tx.select().from(priorities).where(eq(priorities.id, input.priorityId));
	if (!priority || !priority.active)
		throw fieldError('priorityId', 'service.error.definitionInvalid');
	const checks = [
		['serviceId', services, input.serviceId],
		['workTypeId', workTypes, input.workTypeId],
		['serviceTypeId', serviceTypes, input.serviceTypeId]
	] as const;
	for (const [field, table, value] of checks) {
		if (value === undefined) continue;
		const [row] = await tx.select({ active: table.active }).from(table).where(eq(table.id, value));
		if (!row?.active) throw fieldError(field, 'service.error.definitionInvalid');
	}
	return priority;
}

async function resolveBaseDocument(
	tx: Executor,
	actor: Actor,
	request: ServiceRequest,
	input: IssueOrderInput
): Promise<{ type: ServiceOrder['baseDocumentType']; id: number }> {
	const type = input.baseDocumentType ?? 'request';
	if (type === 'request') {
		if (input.baseDocumentId !== undefined && input.baseDocumentId !== request.id) {
			throw fieldError('baseDocumentId', 'service.error.baseDocumentInvalid');
		}
		return { type, id: request.id };
	}
	if (input.baseDocumentId === undefined) throw fieldError('baseDocumentId', 'validation.required');
	if (type === 'order') {
		const [base] = await tx
			.select({ order: serviceOrders, request: serviceRequests })
			.from(serviceOrders)
			.innerJoin(serviceRequests, eq(serviceRequests.id, serviceOrders.requestId))
			.where(eq(serviceOrders.id, input.baseDocumentId));
		if (!base || !canSeeRequest(actor, base.request))
			throw fieldError('baseDocumentId', 'service.error.baseDocumentInvalid');
	}
	// Sales documents and periodic-service plans live in other modules (or the customer's ERP);
	// their ids are kept as references until those modules exist here.
	return { type, id: input.baseDocumentId };
}

/** Due time of an order issued at `now`: the priority's resolution SLA counted in the branch's opening hours. */
export async function computeDueAt(
	tx: Executor,
	branchId: number,
	slaMinutes: number,
	now: Date
): Promise<Date> {
	const calendar = await loadBranchCalendar(tx, branchId, now);
	return addWorkingMinutes(now, slaMinutes, calendar);
}

/** Issues an order inside the caller's transaction; see issueOrder. */
export async function issueOrderInTx(
	ctx: ServiceContext,
	input: IssueOrderInput
): Promise<ServiceOrder> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, input.requestId);
	await assertRequestVersion(tx, actor, request, input.version);
	const existing = await activeOrderOf(tx, request.id);
	if (existing)
		throw conflict('order_exists', 'service.error.orderExists', { orderId: existing.id });
	const base = await resolveBaseDocument(tx, actor, request, input);
	const priority = await assertDefinitions(tx, input);
	await assertTechnician(tx, input.technicianId, request.branchId);
	// Validate the move before writing the order, so a refused move leaves no orphan order.
	const moved = await transitionRequest(tx, actor, request.id, 'awaiting_cost', {
		now,
		locked: request,
		payload: { technicianId: input.technicianId }
	});
	const dueAt = await computeDueAt(tx, request.branchId, priority.slaResolutionMinutes, now);
	const [order] = await tx
		.insert(serviceOrders)
		.values({
			requestId: request.id,
			baseDocumentType: base.type,
			baseDocumentId: base.id,
			technicianId: input.technicianId,
			serviceId: input.serviceId ?? null,
			workTypeId: input.workTypeId ?? null,
			serviceTypeId: input.serviceTypeId ?? null,
			priorityId: priority.id,
			dueAt,
			note: input.note ?? '',
			assignedBy: actor.user.id,
			createdAt: now,
			updatedAt: now
		})
		.returning();
	await tx.insert(orderAssignments).values({
		requestId: request.id,
		orderId: order!.id,
		technicianId: input.technicianId,
		assignedBy: actor.user.id,
		createdAt: now
	});
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'service_order',
		entityId: order!.id,
		action: 'issued',
		branchId: request.branchId,
		changes: {
			requestId: request.id,
			technicianId: input.technicianId,
			priorityId: priority.id,
			serviceId: order!.serviceId,
			workTypeId: order!.workTypeId,
			serviceTypeId: order!.serviceTypeId,
			baseDocumentType: base.type,
			baseDocumentId: base.id,
			dueAt
		},
		payload: { orderId: order!.id, formNumber: request.formNumber, requestVersion: moved.version }
	});
	return order!;
}

/**
 * Issues a service order for a request awaiting assignment (or based on an earlier order, a
 * sales document or a periodic service) and moves the request to awaiting_cost.
 */
export async function issueOrder(actor: Actor, raw: unknown, now?: Date): Promise<ServiceOrder> {
	requirePermission(actor, 'orders', 'edit');
	const input = parseOrThrow(issueOrderSchema, raw);
	return inTransaction(actor, (ctx) => issueOrderInTx(ctx, input), now);
}

async function lockOrder(
	tx: Tx,
	actor: Actor,
	orderId: number
): Promise<{ order: ServiceOrder; request: ServiceRequest }> {
	const [found] = await tx
		.select({ requestId: serviceOrders.requestId })
		.from(serviceOrders)
		.where(eq(serviceOrders.id, orderId));
	if (!found) throw notFound();
	// Request first, then order: every operation takes the locks in this order, so none deadlock.
	const request = await lockRequest(tx, actor, found.requestId);
	const [order] = await tx
		.select()
		.from(serviceOrders)
		.where(eq(serviceOrders.id, orderId))
		.for('update');
	return { order: order!, request };
}

/** Reassigns inside the caller's transaction; see reassignOrder. */
export async function reassignOrderInTx(
	ctx: ServiceContext,
	orderId: number,
	raw: unknown
): Promise<ServiceOrder> {
	const { tx, actor, now } = ctx;
	const input = parseOrThrow(reassignOrderSchema, raw);
	const { order, request } = await lockOrder(tx, actor, orderId);
	if (input.version !== order.version)
		throw await staleError(tx, actor, 'service_order', order.id, order.updatedAt);
	if (!(ACTIVE_ORDER_STATUSES as readonly string[]).includes(order.status)) {
		throw conflict('order_not_active', 'service.error.orderNotActive', { status: order.status });
	}
	if (input.technicianId === order.technicianId)
		throw fieldError('technicianId', 'service.error.sameTechnician');
	await assertTechnician(tx, input.technicianId, request.branchId);
	await tx
		.update(serviceOrders)
		.set({ status: 'reassigned', closedAt: now, updatedAt: now, version: order.version + 1 })
		.where(eq(serviceOrders.id, order.id));
	// The new technician gets an order of their own (based on the old one), so each technician's
	// work and time stay on their own document; SLA and due time carry over unchanged.
	const [next] = await tx
		.insert(serviceOrders)
		.values({
			requestId: order.requestId,
			baseDocumentType: 'order',
			baseDocumentId: order.id,
			technicianId: input.technicianId,
			serviceId: order.serviceId,
			workTypeId: order.workTypeId,
			serviceTypeId: order.serviceTypeId,
			priorityId: order.priorityId,
			dueAt: order.dueAt,
			note: order.note,
			assignedBy: actor.user.id,
			createdAt: now,
			updatedAt: now
		})
		.returning();
	await tx.insert(orderAssignments).values({
		requestId: order.requestId,
		orderId: next!.id,
		technicianId: input.technicianId,
		previousTechnicianId: order.technicianId,
		previousOrderId: order.id,
		reason: input.reason ?? '',
		assignedBy: actor.user.id,
		createdAt: now
	});
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'service_order',
		entityId: order.id,
		action: 'reassigned',
		branchId: request.branchId,
		changes: {
			requestId: order.requestId,
			oldTechnicianId: order.technicianId,
			newTechnicianId: input.technicianId,
			newOrderId: next!.id,
			...(input.reason ? { reason: input.reason } : {})
		},
		payload: {
			technicianId: input.technicianId,
			formNumber: request.formNumber,
			dueAt: next!.dueAt
		}
	});
	return next!;
}

/** Hands an open order to another technician: the old order ends as `reassigned`, a new one carries on. */
export async function reassignOrder(
	actor: Actor,
	orderId: number,
	raw: unknown,
	now?: Date
): Promise<ServiceOrder> {
	requirePermission(actor, 'orders', 'edit');
	return inTransaction(actor, (ctx) => reassignOrderInTx(ctx, orderId, raw), now);
}

/** Closes the request's open orders (done when the work ended, cancelled when the request did). */
export async function closeActiveOrders(
	ctx: ServiceContext,
	requestId: number,
	status: 'done' | 'cancelled'
): Promise<void> {
	const { tx, now } = ctx;
	await tx
		.update(serviceOrders)
		.set({ status, closedAt: now, updatedAt: now, version: sql`${serviceOrders.version} + 1` })
		.where(
			and(
				eq(serviceOrders.requestId, requestId),
				inArray(serviceOrders.status, [...ACTIVE_ORDER_STATUSES])
			)
		);
}
