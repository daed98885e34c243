/**
 * The end of the path: sorting, returning a unit unrepaired, hand-over, replacement with the
 * warranty carried over, and cancellation — plus `applyTransition`, which serves the generic
 * "move this request to status X" endpoint by routing each move to the operation that owns it.
 */
import { and, eq, ne } from 'drizzle-orm';
import { canTransition, qcApprovalTarget, type StatusKey } from '#lib/domain/lifecycle';
import { requirePermission, type Actor } from '../auth/access';
import {
	deliveries,
	products,
	replacements,
	serviceRequests,
	units,
	warranties,
	type Delivery,
	type Replacement,
	type ServiceRequest
} from '../db/schema';
import { AppError, parseOrThrow } from '../http/errors';
import { recordWarrantyChange } from '../warranty/changes';
import { findOrCreateUnit } from '../warranty/links';
import { inTransaction, type ServiceContext } from './context';
import { fieldError } from './errors';
import { supersedePendingEstimates } from './estimates';
import { closeActiveOrders } from './orders';
import { refreshSearchText, submitDraftInTx } from './reception';
import { recordServiceChange } from './record';
import {
	cancelSchema,
	deliverSchema,
	replaceSchema,
	transitionSchema,
	versionOnlySchema,
	type CancelInput,
	type DeliverInput,
	type ReplaceInput
} from './schemas';
import { lockRequest } from './scope';
import { assertRequestVersion, transitionError, transitionRequest } from './transition';
import { startRepairInTx } from './work';

/** Sorting done: awaiting_sorting → ready_for_delivery. */
export async function markSortedInTx(
	ctx: ServiceContext,
	requestId: number,
	version?: number
): Promise<ServiceRequest> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, version);
	return transitionRequest(tx, actor, requestId, 'ready_for_delivery', { now, locked: request });
}

/** Marks a sorted unit (bulk list or flagged for sorting) ready for delivery. */
export async function markSorted(
	actor: Actor,
	requestId: number,
	raw: unknown = {},
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'edit');
	const { version } = parseOrThrow(versionOnlySchema, raw);
	return inTransaction(actor, (ctx) => markSortedInTx(ctx, requestId, version), now);
}

/** Sends a unit whose estimate was rejected back unrepaired; see returnUnrepaired. */
export async function returnUnrepairedInTx(
	ctx: ServiceContext,
	requestId: number,
	version?: number
): Promise<ServiceRequest> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, version);
	const to = qcApprovalTarget({
		inBulkList: request.listId !== null,
		needsSorting: request.needsSorting
	});
	return transitionRequest(tx, actor, requestId, to, { now, locked: request });
}

/**
 * After a rejected estimate, sends the unit back unrepaired: through sorting for bulk lists and
 * units to sort, else straight to ready_for_delivery.
 */
export async function returnUnrepaired(
	actor: Actor,
	requestId: number,
	raw: unknown = {},
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'edit');
	const { version } = parseOrThrow(versionOnlySchema, raw);
	return inTransaction(actor, (ctx) => returnUnrepairedInTx(ctx, requestId, version), now);
}

/** Hands over inside the caller's transaction; see deliver. */
export async function deliverInTx(
	ctx: ServiceContext,
	requestId: number,
	input: DeliverInput
): Promise<Delivery> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, input.version);
	await transitionRequest(tx, actor, requestId, 'delivered', { now, locked: request });
	const [delivery] = await tx
		.insert(deliveries)
		.values({
			requestId,
			receivedByName: input.receivedByName,
			deliveredAt: input.deliveredAt ?? now,
			oneTimeCodeVerified: input.oneTimeCodeVerified ?? false,
			note: input.note ?? '',
			deliveredBy: actor.user.id,
			createdAt: now
		})
		.returning();
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'delivery',
		entityId: delivery!.id,
		action: 'recorded',
		branchId: request.branchId,
		changes: {
			requestId,
			receivedByName: delivery!.receivedByName,
			deliveredAt: delivery!.deliveredAt,
			oneTimeCodeVerified: delivery!.oneTimeCodeVerified
		},
		payload: { formNumber: request.formNumber, customerId: request.customerId }
	});
	return delivery!;
}

/** Hands the unit over (who received it, when, whether a one-time code was checked) → delivered. */
export async function deliver(
	actor: Actor,
	requestId: number,
	raw: unknown,
	now?: Date
): Promise<Delivery> {
	requirePermission(actor, 'requests', 'edit');
	const input = parseOrThrow(deliverSchema, raw);
	return inTransaction(actor, (ctx) => deliverInTx(ctx, requestId, input), now);
}

/** Replaces inside the caller's transaction; see replaceUnit. */
export async function replaceUnitInTx(
	ctx: ServiceContext,
	requestId: number,
	input: ReplaceInput
): Promise<Replacement> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, input.version);
	if (request.unitId === null) throw fieldError('newSerial', 'service.error.noUnit');
	// Checked before anything is written so a refused move leaves no new unit behind.
	const verdict = canTransition(request.status, 'replaced', actor.grants, { reason: input.reason });
	if (!verdict.ok) throw transitionError(verdict, request.status, 'replaced');
	const productId = input.newProductId ?? request.productId;
	const [product] = await tx
		.select({ id: products.id })
		.from(products)
		.where(eq(products.id, productId));
	if (!product) throw fieldError('newProductId', 'service.error.productNotFound');
	const [oldUnit] = await tx.select().from(units).where(eq(units.id, request.unitId));
	const { unit: newUnit, created } = await findOrCreateUnit(tx, productId, input.newSerial, {
		ownerId: oldUnit!.ownerId ?? request.customerId
	});
	if (!created) {
		// A stock unit registered earlier may be handed out, but not the unit being replaced, nor
		// one that is under someone's warranty or itself in service.
		const [covered] = await tx
			.select({ id: warranties.id })
			.from(warranties)
			.where(and(eq(warranties.unitId, newUnit.id), eq(warranties.active, true)));
		const [inService] = await tx
			.select({ id: serviceRequests.id })
			.from(serviceRequests)
			.where(
				and(
					eq(serviceRequests.unitId, newUnit.id),
					ne(serviceRequests.status, 'delivered'),
					ne(serviceRequests.status, 'cancelled'),
					ne(serviceRequests.status, 'replaced')
				)
			);
		if (newUnit.id === oldUnit!.id || covered || inService)
			throw fieldError('newSerial', 'service.error.serialInUse');
	}
	await tx
		.update(units)
		.set({
			replacesUnitId: oldUnit!.id,
			ownerId: newUnit.ownerId ?? oldUnit!.ownerId ?? request.customerId
		})
		.where(eq(units.id, newUnit.id));
	// The warranty card follows the customer's product: it moves to the new unit with its end date
	// kept (warranty types have no "restart on replacement" rule, so nothing says otherwise).
	const [warranty] = request.warrantyId
		? await tx.select().from(warranties).where(eq(warranties.id, request.warrantyId))
		: [];
	if (warranty) {
		await tx
			.update(warranties)
			.set({ unitId: newUnit.id, version: warranty.version + 1, updatedAt: now })
			.where(eq(warranties.id, warranty.id));
		await recordWarrantyChange(tx, actor.user.id, {
			entityId: warranty.id,
			action: 'unit_replaced',
			changes: { oldUnitId: oldUnit!.id, newUnitId: newUnit.id, requestId, endsOn: warranty.endsOn }
		});
	}
	await transitionRequest(tx, actor, requestId, 'replaced', {
		now,
		locked: request,
		reason: input.reason
	});
	const [row] = await tx
		.insert(replacements)
		.values({
			requestId,
			oldUnitId: oldUnit!.id,
			newUnitId: newUnit.id,
			warrantyId: warranty?.id ?? null,
			warrantyEndBefore: warranty?.endsOn ?? null,
			warrantyEndAfter: warranty?.endsOn ?? null,
			reason: input.reason,
			replacedBy: actor.user.id,
			createdAt: now
		})
		.returning();
	await closeActiveOrders(ctx, requestId, 'done');
	await supersedePendingEstimates(tx, requestId);
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'replacement',
		entityId: row!.id,
		action: 'recorded',
		branchId: request.branchId,
		changes: {
			requestId,
			oldUnitId: oldUnit!.id,
			newUnitId: newUnit.id,
			newSerial: newUnit.serial,
			warrantyId: row!.warrantyId,
			warrantyEndsOn: row!.warrantyEndAfter,
			reason: input.reason
		},
		payload: { formNumber: request.formNumber, customerId: request.customerId }
	});
	await refreshSearchText(tx, requestId);
	return row!;
}

/**
 * A supervisor replaces the unit instead of repairing it: a new unit (serial) is linked, the
 * warranty moves to it with its end date kept, open orders close and the request is `replaced`.
 */
export async function replaceUnit(
	actor: Actor,
	requestId: number,
	raw: unknown,
	now?: Date
): Promise<Replacement> {
	requirePermission(actor, 'requests', 'manage');
	const input = parseOrThrow(replaceSchema, raw);
	return inTransaction(actor, (ctx) => replaceUnitInTx(ctx, requestId, input), now);
}

/** Cancels inside the caller's transaction; see cancelRequest. */
export async function cancelRequestInTx(
	ctx: ServiceContext,
	requestId: number,
	input: CancelInput
): Promise<ServiceRequest> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, input.version);
	const moved = await transitionRequest(tx, actor, requestId, 'cancelled', {
		now,
		locked: request,
		reason: input.reason
	});
	await closeActiveOrders(ctx, requestId, 'cancelled');
	await supersedePendingEstimates(tx, requestId);
	return moved;
}

/** Cancels a request from any non-final status, with a reason; its open orders are cancelled too. */
export async function cancelRequest(
	actor: Actor,
	requestId: number,
	raw: unknown,
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'manage');
	const input = parseOrThrow(cancelSchema, raw);
	return inTransaction(actor, (ctx) => cancelRequestInTx(ctx, requestId, input), now);
}

// Moves whose data lives in a document of their own; the generic endpoint points there.
const DEDICATED: Partial<Record<StatusKey, string>> = {
	awaiting_cost: 'POST /api/v1/service-orders',
	no_cost_declared: 'POST /api/v1/estimates',
	cost_approved: 'POST /api/v1/estimates/{id}/answer',
	cost_rejected: 'POST /api/v1/estimates/{id}/answer',
	awaiting_qc: 'POST /api/v1/work-logs',
	returned_from_qc: 'POST /api/v1/work-logs/{id}/qc'
};

/**
 * Serves `POST /service-requests/{id}/transitions`: checks the move against the lifecycle table
 * (409 with the allowed moves when it is not there), then performs it through the operation that
 * owns it — submit, start repair, sorting, return unrepaired, delivery (needs `receivedByName`),
 * replacement (needs `newSerial` and `reason`), cancellation. Moves that create a document of
 * their own (order, estimate, answer, work log, QC review) are 422 with where to make them.
 */
export async function applyTransition(
	actor: Actor,
	requestId: number,
	raw: unknown,
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'view');
	const input = parseOrThrow(transitionSchema, raw);
	return inTransaction(
		actor,
		async (ctx) => {
			const request = await lockRequest(ctx.tx, actor, requestId);
			await assertRequestVersion(ctx.tx, actor, request, input.version);
			const verdict = canTransition(request.status, input.to, actor.grants, {
				reason: input.reason
			});
			if (!verdict.ok) throw transitionError(verdict, request.status, input.to);
			const from = request.status;
			const to = input.to;
			if (to === 'awaiting_assignment') await submitDraftInTx(ctx, requestId);
			else if (to === 'awaiting_repair') await startRepairInTx(ctx, requestId);
			else if (to === 'delivered') {
				if (!input.receivedByName) throw fieldError('receivedByName', 'validation.required');
				await deliverInTx(ctx, requestId, {
					receivedByName: input.receivedByName,
					oneTimeCodeVerified: input.oneTimeCodeVerified
				});
			} else if (to === 'replaced') {
				if (!input.newSerial) throw fieldError('newSerial', 'validation.required');
				if (!input.reason) throw fieldError('reason', 'validation.required');
				await replaceUnitInTx(ctx, requestId, {
					newSerial: input.newSerial,
					newProductId: input.newProductId,
					reason: input.reason
				});
			} else if (to === 'cancelled')
				await cancelRequestInTx(ctx, requestId, { reason: input.reason! });
			else if (
				from === 'cost_rejected' ||
				(from === 'awaiting_sorting' && to === 'ready_for_delivery')
			) {
				await transitionRequest(ctx.tx, actor, requestId, to, {
					now: ctx.now,
					locked: request,
					reason: input.reason
				});
			} else {
				const operation =
					DEDICATED[to] ?? (from === 'awaiting_qc' ? 'POST /api/v1/work-logs/{id}/qc' : '');
				throw new AppError(
					422,
					'dedicated_operation',
					'service.error.dedicatedOperation',
					{ operation },
					undefined,
					{ operation }
				);
			}
			const [after] = await ctx.tx
				.select()
				.from(serviceRequests)
				.where(eq(serviceRequests.id, requestId));
			return after!;
		},
		now
	);
}
