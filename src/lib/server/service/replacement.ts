/**
 * Replacement threshold (آستانهٔ تعویض): rules per category with per-product overrides, and the
 * flag on each open request, re-evaluated whenever its facts change (reception, a new estimate,
 * a rule edit). The decision itself is the domain's `evaluateReplacement`.
 */
import { and, desc, eq, gte, inArray, ne, notInArray, or, sql } from 'drizzle-orm';
import { FINAL_STATUSES, isFinal } from '#lib/domain/lifecycle';
import {
	evaluateReplacement,
	replacementWindowStart,
	resolveReplacementRule,
	type ReplacementEvaluation,
	type ReplacementRule
} from '#lib/domain/replacement';
import { requirePermission, type Actor } from '../auth/access';
import type { Executor } from '../db';
import {
	estimates,
	productCategories,
	products,
	replacementRules,
	serviceRequests,
	workLogs,
	type ReplacementRuleRow,
	type ServiceRequest
} from '../db/schema';
import { parseOrThrow } from '../http/errors';
import { inTransaction, type ServiceContext } from './context';
import { fieldError } from './errors';
import { recordServiceChange } from './record';
import { replacementRuleSchema } from './schemas';

function partialRule(row: ReplacementRuleRow | undefined): Partial<ReplacementRule> | null {
	if (!row) return null;
	const rule: Partial<ReplacementRule> = {};
	if (row.windowMonths !== null) rule.windowMonths = row.windowMonths;
	if (row.maxWarrantyRepairs !== null) rule.maxWarrantyRepairs = row.maxWarrantyRepairs;
	if (row.maxCostPercent !== null) rule.maxCostPercent = row.maxCostPercent;
	return rule;
}

/** The effective rule of a product: its category's rule with the product's own values on top. */
export async function effectiveRule(
	db: Executor,
	product: { id: number; categoryId: number | null }
): Promise<ReplacementRule | null> {
	const rows = await db
		.select()
		.from(replacementRules)
		.where(
			product.categoryId === null
				? eq(replacementRules.productId, product.id)
				: or(
						eq(replacementRules.productId, product.id),
						eq(replacementRules.categoryId, product.categoryId)
					)
		);
	const categoryRow = rows.find((r) => r.categoryId !== null);
	const productRow = rows.find((r) => r.productId !== null);
	return resolveReplacementRule(
		partialRule(categoryRow) as ReplacementRule | null,
		partialRule(productRow)
	);
}

/**
 * Completed warranty repairs of a unit since `since`, not counting `exceptRequestId`: delivered
 * requests received under cover whose work passed QC (a unit returned unrepaired is no repair).
 */
export async function countWarrantyRepairs(
	db: Executor,
	unitId: number,
	since: Date,
	exceptRequestId: number
): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(serviceRequests)
		.where(
			and(
				eq(serviceRequests.unitId, unitId),
				ne(serviceRequests.id, exceptRequestId),
				eq(serviceRequests.status, 'delivered'),
				inArray(serviceRequests.coverage, ['active', 'grace']),
				gte(serviceRequests.createdAt, since),
				sql`exists (select 1 from ${workLogs} where ${workLogs.requestId} = ${serviceRequests.id} and ${workLogs.status} = 'approved')`
			)
		);
	return row?.n ?? 0;
}

/** Evaluates the threshold for one request from the current facts, without writing anything. */
export async function evaluateRequestReplacement(
	db: Executor,
	request: Pick<ServiceRequest, 'id' | 'productId' | 'unitId'>,
	now: Date
): Promise<ReplacementEvaluation> {
	const [product] = await db
		.select({ id: products.id, categoryId: products.categoryId, priceRials: products.priceRials })
		.from(products)
		.where(eq(products.id, request.productId));
	if (!product) return { flagged: false, reasons: [] };
	const rule = await effectiveRule(db, product);
	if (!rule) return { flagged: false, reasons: [] };
	const repairs = request.unitId
		? await countWarrantyRepairs(db, request.unitId, replacementWindowStart(now, rule), request.id)
		: 0;
	const [estimate] = await db
		.select({ total: estimates.totalRials })
		.from(estimates)
		.where(
			and(
				eq(estimates.requestId, request.id),
				inArray(estimates.status, ['pending', 'approved']),
				eq(estimates.noCharge, false)
			)
		)
		.orderBy(desc(estimates.id))
		.limit(1);
	return evaluateReplacement(
		{
			repairsUnderWarrantyInWindow: repairs,
			estimateRials: estimate?.total ?? null,
			productPriceRials: product.priceRials
		},
		rule
	);
}

/**
 * Re-evaluates and stores a request's replacement flag. The flag is derived, so changing it does
 * not bump the request's version (nobody's edit is stale because of it), but it is recorded and
 * announced so boards and search see it.
 */
export async function refreshReplacementFlag(
	ctx: ServiceContext,
	requestId: number
): Promise<ReplacementEvaluation> {
	const { tx, actor, now } = ctx;
	const [request] = await tx
		.select()
		.from(serviceRequests)
		.where(eq(serviceRequests.id, requestId));
	if (!request || isFinal(request.status)) {
		return {
			flagged: request?.replacementFlag ?? false,
			reasons: (request?.replacementReasons ?? []) as ReplacementEvaluation['reasons']
		};
	}
	const result = await evaluateRequestReplacement(tx, request, now);
	const sameReasons =
		JSON.stringify([...result.reasons].sort()) ===
		JSON.stringify([...request.replacementReasons].sort());
	if (result.flagged === request.replacementFlag && sameReasons) return result;
	await tx
		.update(serviceRequests)
		.set({ replacementFlag: result.flagged, replacementReasons: result.reasons })
		.where(eq(serviceRequests.id, requestId));
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'service_request',
		entityId: requestId,
		action: 'flag_changed',
		type: 'service_request.replacement_flag_changed',
		branchId: request.branchId,
		changes: { flagged: result.flagged, reasons: result.reasons },
		payload: { requestId, formNumber: request.formNumber }
	});
	return result;
}

/** Every replacement rule with what it applies to. */
export async function listReplacementRules(
	db: Executor
): Promise<(ReplacementRuleRow & { categoryCode: string | null; productCode: string | null })[]> {
	return db
		.select({
			id: replacementRules.id,
			categoryId: replacementRules.categoryId,
			productId: replacementRules.productId,
			windowMonths: replacementRules.windowMonths,
			maxWarrantyRepairs: replacementRules.maxWarrantyRepairs,
			maxCostPercent: replacementRules.maxCostPercent,
			updatedBy: replacementRules.updatedBy,
			createdAt: replacementRules.createdAt,
			updatedAt: replacementRules.updatedAt,
			categoryCode: productCategories.code,
			productCode: products.code
		})
		.from(replacementRules)
		.leftJoin(productCategories, eq(productCategories.id, replacementRules.categoryId))
		.leftJoin(products, eq(products.id, replacementRules.productId))
		.orderBy(replacementRules.id);
}

/** Open requests whose product falls under a category or is one product, for re-evaluation. */
async function openRequestIdsFor(
	db: Executor,
	target: { categoryId?: number; productId?: number }
): Promise<number[]> {
	const productFilter =
		target.productId !== undefined
			? eq(serviceRequests.productId, target.productId)
			: inArray(
					serviceRequests.productId,
					db
						.select({ id: products.id })
						.from(products)
						.where(eq(products.categoryId, target.categoryId!))
				);
	const rows = await db
		.select({ id: serviceRequests.id })
		.from(serviceRequests)
		.where(and(productFilter, notInArray(serviceRequests.status, [...FINAL_STATUSES])));
	return rows.map((r) => r.id);
}

/**
 * Creates or replaces the rule of a category (every value required) or a product (values left
 * empty inherit the category's), then re-flags the open requests it governs.
 */
export async function saveReplacementRule(actor: Actor, raw: unknown): Promise<ReplacementRuleRow> {
	requirePermission(actor, 'catalog', 'manage');
	const input = parseOrThrow(replacementRuleSchema, raw);
	if ((input.categoryId === undefined) === (input.productId === undefined))
		throw fieldError('categoryId', 'service.error.ruleTarget');
	const values = {
		windowMonths: input.windowMonths ?? null,
		maxWarrantyRepairs: input.maxWarrantyRepairs ?? null,
		maxCostPercent: input.maxCostPercent ?? null
	};
	if (input.categoryId !== undefined && Object.values(values).some((v) => v === null)) {
		throw fieldError('windowMonths', 'service.error.ruleIncomplete');
	}
	return inTransaction(actor, async (ctx) => {
		const { tx, now } = ctx;
		const target =
			input.categoryId !== undefined
				? { categoryId: input.categoryId }
				: { productId: input.productId! };
		const exists =
			target.categoryId !== undefined
				? await tx
						.select({ id: productCategories.id })
						.from(productCategories)
						.where(eq(productCategories.id, target.categoryId))
				: await tx
						.select({ id: products.id })
						.from(products)
						.where(eq(products.id, target.productId!));
		if (!exists.length)
			throw fieldError(
				target.categoryId !== undefined ? 'categoryId' : 'productId',
				'validation.invalid'
			);
		const [row] = await tx
			.insert(replacementRules)
			.values({ ...target, ...values, updatedBy: actor.user.id, createdAt: now, updatedAt: now })
			.onConflictDoUpdate({
				target:
					target.categoryId !== undefined
						? replacementRules.categoryId
						: replacementRules.productId,
				set: { ...values, updatedBy: actor.user.id, updatedAt: now }
			})
			.returning();
		await recordServiceChange(tx, actor.user.id, {
			entityType: 'replacement_rule',
			entityId: row!.id,
			action: 'saved',
			branchId: null,
			changes: { ...target, ...values }
		});
		for (const id of await openRequestIdsFor(tx, target)) await refreshReplacementFlag(ctx, id);
		return row!;
	});
}

/** Removes a rule and re-flags the open requests it governed. */
export async function deleteReplacementRule(actor: Actor, ruleId: number): Promise<void> {
	requirePermission(actor, 'catalog', 'manage');
	await inTransaction(actor, async (ctx) => {
		const [row] = await ctx.tx
			.delete(replacementRules)
			.where(eq(replacementRules.id, ruleId))
			.returning();
		if (!row) return;
		await recordServiceChange(ctx.tx, actor.user.id, {
			entityType: 'replacement_rule',
			entityId: row.id,
			action: 'deleted',
			branchId: null,
			changes: { categoryId: row.categoryId, productId: row.productId }
		});
		const target =
			row.categoryId !== null ? { categoryId: row.categoryId } : { productId: row.productId! };
		for (const id of await openRequestIdsFor(ctx.tx, target)) await refreshReplacementFlag(ctx, id);
	});
}
