/**
 * Cost estimates: the technician's diagnosis (no charge, or an estimate with lines), and the
 * customer's answer, recorded exactly once whichever door it comes through (staff, SMS,
 * Telegram, portal).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { requirePermission, type Actor } from '../auth/access';
import type { Executor } from '../db';
import {
	estimateLines,
	estimates,
	products,
	serviceRequests,
	services,
	type Estimate,
	type EstimateLine
} from '../db/schema';
import { notFound, parseOrThrow } from '../http/errors';
import { inTransaction, type ServiceContext } from './context';
import { conflict, fieldError } from './errors';
import { assertAssignedTechnician, closeActiveOrders, requireActiveOrder } from './orders';
import { recordServiceChange } from './record';
import { refreshReplacementFlag } from './replacement';
import {
	estimateAnswerSchema,
	estimateSchema,
	type EstimateAnswerInput,
	type EstimateInput
} from './schemas';
import { lockRequest } from './scope';
import { assertRequestVersion, assertStatus, transitionRequest } from './transition';

/** An estimate with its lines. */
export type EstimateWithLines = Estimate & { lines: EstimateLine[] };

/** Marks the request's unanswered estimates as superseded (a new diagnosis replaces them). */
export async function supersedePendingEstimates(tx: Executor, requestId: number): Promise<void> {
	await tx
		.update(estimates)
		.set({ status: 'superseded' })
		.where(and(eq(estimates.requestId, requestId), eq(estimates.status, 'pending')));
}

/** Declares no charge inside the caller's transaction; see declareNoCost. */
export async function declareNoCostInTx(
	ctx: ServiceContext,
	requestId: number,
	note: string,
	version?: number
): Promise<Estimate> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, version);
	const order = await requireActiveOrder(tx, requestId);
	assertAssignedTechnician(actor, order);
	await transitionRequest(tx, actor, requestId, 'no_cost_declared', { now, locked: request });
	await supersedePendingEstimates(tx, requestId);
	// Nothing for the customer to answer: the no-charge estimate is settled as it is declared.
	const [estimate] = await tx
		.insert(estimates)
		.values({
			requestId,
			orderId: order.id,
			status: 'approved',
			noCharge: true,
			totalRials: 0n,
			note,
			declaredBy: actor.user.id,
			createdAt: now
		})
		.returning();
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'estimate',
		entityId: estimate!.id,
		action: 'no_cost_declared',
		branchId: request.branchId,
		changes: { requestId, orderId: order.id, ...(note ? { note } : {}) },
		payload: { formNumber: request.formNumber, customerId: request.customerId }
	});
	return estimate!;
}

interface PricedLine {
	kind: EstimateLine['kind'];
	productId: number | null;
	serviceId: number | null;
	description: string;
	quantity: number;
	unitPriceRials: bigint;
	amountRials: bigint;
}

async function priceLines(
	tx: Executor,
	lines: NonNullable<EstimateInput['lines']>
): Promise<PricedLine[]> {
	const productIds = lines.flatMap((l) => (l.productId !== undefined ? [l.productId] : []));
	const serviceIds = lines.flatMap((l) => (l.serviceId !== undefined ? [l.serviceId] : []));
	const productRows = productIds.length
		? await tx.select().from(products).where(inArray(products.id, productIds))
		: [];
	const serviceRows = serviceIds.length
		? await tx.select().from(services).where(inArray(services.id, serviceIds))
		: [];
	return lines.map((line, i) => {
		let price = line.unitPriceRials;
		let productId: number | null = null;
		let serviceId: number | null = null;
		if (line.kind === 'part') {
			const product = productRows.find((p) => p.id === line.productId);
			if (!product) throw fieldError(`lines.${i}.productId`, 'service.error.estimateLineProduct');
			productId = product.id;
			price ??= product.priceRials;
		} else if (line.kind === 'service') {
			const service = serviceRows.find((s) => s.id === line.serviceId);
			if (!service) throw fieldError(`lines.${i}.serviceId`, 'service.error.estimateLineService');
			serviceId = service.id;
			price ??= service.labourRials;
		} else if (price === undefined) {
			throw fieldError(`lines.${i}.unitPriceRials`, 'validation.required');
		}
		const unitPriceRials = price!;
		return {
			kind: line.kind,
			productId,
			serviceId,
			description: line.description ?? '',
			quantity: line.quantity,
			unitPriceRials,
			amountRials: unitPriceRials * BigInt(line.quantity)
		};
	});
}

/** Declares an estimate with lines inside the caller's transaction; see declareEstimate. */
export async function declareEstimateInTx(
	ctx: ServiceContext,
	input: EstimateInput
): Promise<EstimateWithLines> {
	if (input.noCharge)
		return {
			...(await declareNoCostInTx(ctx, input.requestId, input.note ?? '', input.version)),
			lines: []
		};
	const { tx, actor, now } = ctx;
	if (!input.lines?.length) throw fieldError('lines', 'service.error.estimateLinesRequired');
	const request = await lockRequest(tx, actor, input.requestId);
	await assertRequestVersion(tx, actor, request, input.version);
	assertStatus(actor, request, ['awaiting_cost']);
	const order = await requireActiveOrder(tx, request.id);
	assertAssignedTechnician(actor, order);
	const priced = await priceLines(tx, input.lines);
	const totalRials = priced.reduce((sum, l) => sum + l.amountRials, 0n);
	await supersedePendingEstimates(tx, request.id);
	const [estimate] = await tx
		.insert(estimates)
		.values({
			requestId: request.id,
			orderId: order.id,
			status: 'pending',
			totalRials,
			note: input.note ?? '',
			declaredBy: actor.user.id,
			createdAt: now
		})
		.returning();
	const lines = await tx
		.insert(estimateLines)
		.values(priced.map((l) => ({ ...l, estimateId: estimate!.id })))
		.returning();
	// The request itself changes (a new estimate is what the customer is asked about), so
	// anyone holding an older view of it must reload before answering.
	await tx
		.update(serviceRequests)
		.set({ version: request.version + 1, updatedAt: now })
		.where(eq(serviceRequests.id, request.id));
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'estimate',
		entityId: estimate!.id,
		action: 'declared',
		branchId: request.branchId,
		changes: {
			requestId: request.id,
			orderId: order.id,
			totalRials: totalRials.toString(),
			lines: priced.map((l) => ({
				...l,
				unitPriceRials: l.unitPriceRials.toString(),
				amountRials: l.amountRials.toString()
			}))
		},
		payload: { formNumber: request.formNumber, customerId: request.customerId }
	});
	await refreshReplacementFlag(ctx, request.id);
	return { ...estimate!, lines };
}

/** The technician declares that the repair costs the customer nothing (warranty) → no_cost_declared. */
export async function declareNoCost(
	actor: Actor,
	requestId: number,
	raw: { note?: string; version?: number } = {},
	now?: Date
): Promise<Estimate> {
	requirePermission(actor, 'worklogs', 'edit');
	return inTransaction(
		actor,
		(ctx) => declareNoCostInTx(ctx, requestId, raw.note ?? '', raw.version),
		now
	);
}

/**
 * The technician declares an estimate (parts, labour, services; prices default to the catalogue)
 * for the customer to answer; the request stays awaiting_cost, an older unanswered estimate is
 * superseded, and the replacement flag is re-evaluated against the product price. With
 * `noCharge` this is declareNoCost.
 */
export async function declareEstimate(
	actor: Actor,
	raw: unknown,
	now?: Date
): Promise<EstimateWithLines> {
	requirePermission(actor, 'worklogs', 'edit');
	const input = parseOrThrow(estimateSchema, raw);
	return inTransaction(actor, (ctx) => declareEstimateInTx(ctx, input), now);
}

/** Records the customer's answer inside the caller's transaction; see recordCustomerAnswer. */
export async function recordCustomerAnswerInTx(
	ctx: ServiceContext,
	estimateId: number,
	input: EstimateAnswerInput
): Promise<Estimate> {
	const { tx, actor, now } = ctx;
	const [found] = await tx
		.select({ requestId: estimates.requestId })
		.from(estimates)
		.where(eq(estimates.id, estimateId));
	if (!found) throw notFound();
	const request = await lockRequest(tx, actor, found.requestId);
	// Locked after the request, as every other operation does, and read again under the lock:
	// of two answers racing, the second sees the first and is refused.
	const [estimate] = await tx
		.select()
		.from(estimates)
		.where(eq(estimates.id, estimateId))
		.for('update');
	if (estimate!.status !== 'pending') {
		throw conflict('already_answered', 'service.error.alreadyAnswered', {
			status: estimate!.status,
			answeredVia: estimate!.answeredVia,
			answeredAt: estimate!.answeredAt?.toISOString() ?? null
		});
	}
	await assertRequestVersion(tx, actor, request, input.version);
	const approve = input.decision === 'approve';
	await transitionRequest(tx, actor, request.id, approve ? 'cost_approved' : 'cost_rejected', {
		now,
		locked: request
	});
	const via = input.via ?? 'staff';
	const [updated] = await tx
		.update(estimates)
		.set({
			status: approve ? 'approved' : 'rejected',
			answeredBy: actor.user.id,
			answeredVia: via,
			answeredAt: now,
			answerNote: input.note ?? ''
		})
		.where(eq(estimates.id, estimateId))
		.returning();
	// A rejected estimate ends the technician's part: the unit goes back unrepaired.
	if (!approve) await closeActiveOrders(ctx, request.id, 'done');
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'estimate',
		entityId: estimateId,
		action: 'answered',
		branchId: request.branchId,
		changes: {
			requestId: request.id,
			decision: input.decision,
			via,
			...(input.note ? { note: input.note } : {})
		},
		payload: { formNumber: request.formNumber, totalRials: updated!.totalRials.toString() }
	});
	return updated!;
}

/** Records the customer's approval or rejection of a pending estimate, once; a second answer is a 409. */
export async function recordCustomerAnswer(
	actor: Actor,
	estimateId: number,
	raw: unknown,
	now?: Date
): Promise<Estimate> {
	requirePermission(actor, 'requests', 'edit');
	const input = parseOrThrow(estimateAnswerSchema, raw);
	return inTransaction(actor, (ctx) => recordCustomerAnswerInTx(ctx, estimateId, input), now);
}

/** Every estimate of a request with its lines, oldest first. */
export async function listEstimates(db: Executor, requestId: number): Promise<EstimateWithLines[]> {
	const rows = await db
		.select()
		.from(estimates)
		.where(eq(estimates.requestId, requestId))
		.orderBy(estimates.id);
	if (!rows.length) return [];
	const lines = await db
		.select()
		.from(estimateLines)
		.where(
			inArray(
				estimateLines.estimateId,
				rows.map((r) => r.id)
			)
		)
		.orderBy(estimateLines.id);
	return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.estimateId === r.id) }));
}
