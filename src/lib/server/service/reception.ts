/**
 * Reception: finding what was brought in (by warranty serial, product serial or product code),
 * creating the request with its gapless form number, drafts, and editing a request's details.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { jalaliYearOf } from '#lib/domain/jalali';
import { isFinal } from '#lib/domain/lifecycle';
import { normalizeSerial } from '#lib/domain/text';
import { requirePermission, type Actor } from '../auth/access';
import type { Executor } from '../db';
import {
	agencies,
	branches,
	counters,
	customers,
	products,
	replacements,
	requestLists,
	serviceRequests,
	units,
	warranties,
	type Branch,
	type Channel,
	type Coverage,
	type Customer,
	type Product,
	type ServiceRequest,
	type Unit,
	type Warranty
} from '../db/schema';
import { code as productCodeSchema } from '../catalog/inputs';
import { findCustomerByMobile, insertCustomer } from '../crm/customers';
import { isUniqueViolation, parseOrThrow } from '../http/errors';
import { conflict, fieldError } from './errors';
import { findOrCreateUnit } from '../warranty/links';
import { stateOf } from '../warranty/periods';
import { inTransaction, type ServiceContext } from './context';
import { formatFormNumber, formScope, nextNumber } from './numbering';
import { recordServiceChange } from './record';
import { refreshReplacementFlag } from './replacement';
import {
	receptionLookupSchema,
	receiveSchema,
	requestUpdateSchema,
	versionOnlySchema,
	type ReceiveBy,
	type ReceiveInput,
	type RequestUpdateInput
} from './schemas';
import { isAgencyActor, isAgencyCustomer, lockRequest, requestScope } from './scope';
import { buildSearchText } from './search-text';
import { assertRequestVersion, transitionRequest } from './transition';

/** What reception found: the product, and when known the unit, its warranty and the coverage. */
export interface ReceptionTarget {
	product: Product;
	unit: Unit | null;
	warranty: Warranty | null;
	coverage: Coverage;
	/** Days of cover left, counting today; null without a running warranty. */
	daysLeft: number | null;
	warrantyEndsAt: Date | null;
	/** The warranty's customer, else the unit's owner: the default customer of the request. */
	ownerId: number | null;
}

/** Warranty coverage on `now`: an inactive (voided) card covers nothing. */
export function coverageOf(
	warranty: Warranty | null,
	now: Date
): { coverage: Coverage; daysLeft: number | null } {
	if (!warranty || !warranty.active) return { coverage: 'none', daysLeft: null };
	const state = stateOf(warranty, now);
	return { coverage: state.state, daysLeft: state.daysLeft };
}

async function warrantyOfUnit(db: Executor, unitId: number): Promise<Warranty | null> {
	// A unit can have had several cards (a voided one, then a new one): the active, newest wins.
	const [row] = await db
		.select()
		.from(warranties)
		.where(eq(warranties.unitId, unitId))
		.orderBy(desc(warranties.active), desc(warranties.id))
		.limit(1);
	return row ?? null;
}

async function productById(db: Executor, productId: number): Promise<Product | null> {
	const [row] = await db.select().from(products).where(eq(products.id, productId));
	return row ?? null;
}

function target(
	product: Product,
	unit: Unit | null,
	warranty: Warranty | null,
	now: Date
): ReceptionTarget {
	const { coverage, daysLeft } = coverageOf(warranty, now);
	return {
		product,
		unit,
		warranty,
		coverage,
		daysLeft,
		warrantyEndsAt: warranty?.endsOn ?? null,
		ownerId: warranty?.customerId ?? unit?.ownerId ?? null
	};
}

/**
 * Resolves what reception typed into product, unit and warranty. With `createUnit`, a product
 * serial not seen before is registered as a new unit of `productId`; without it (the live
 * lookup) such a serial comes back with `unit: null`.
 */
export async function resolveReceptionTarget(
	db: Executor,
	input: { by: ReceiveBy; key: string; productId?: number },
	options: { now: Date; createUnit: boolean; field?: string }
): Promise<ReceptionTarget> {
	const field = options.field ?? 'key';
	if (input.by === 'warranty_serial') {
		const [row] = await db
			.select({ warranty: warranties, unit: units, product: products })
			.from(warranties)
			.innerJoin(units, eq(units.id, warranties.unitId))
			.innerJoin(products, eq(products.id, units.productId))
			.where(eq(warranties.serialNorm, normalizeSerial(input.key)));
		if (!row) throw fieldError(field, 'service.error.warrantyNotFound');
		return target(row.product, row.unit, row.warranty, options.now);
	}
	if (input.by === 'product_code') {
		const parsed = productCodeSchema.safeParse(input.key);
		const [product] = parsed.success
			? await db.select().from(products).where(eq(products.code, parsed.data))
			: [];
		if (!product) throw fieldError(field, 'service.error.productNotFound');
		return target(product, null, null, options.now);
	}
	const serialNorm = normalizeSerial(input.key);
	const conditions = [eq(units.serialNorm, serialNorm)];
	if (input.productId !== undefined) conditions.push(eq(units.productId, input.productId));
	const found = await db
		.select({ unit: units, product: products })
		.from(units)
		.innerJoin(products, eq(products.id, units.productId))
		.where(and(...conditions))
		.limit(2);
	if (found.length > 1) throw fieldError('productId', 'service.error.ambiguousSerial');
	if (found.length === 1) {
		const { unit, product } = found[0]!;
		return target(product, unit, await warrantyOfUnit(db, unit.id), options.now);
	}
	if (input.productId === undefined) throw fieldError(field, 'service.error.unitNotFound');
	const product = await productById(db, input.productId);
	if (!product) throw fieldError('productId', 'service.error.productNotFound');
	if (!options.createUnit) return target(product, null, null, options.now);
	const { unit } = await findOrCreateUnit(db, product.id, input.key);
	return target(product, unit, null, options.now);
}

/** A past request of a unit, as reception and the warranty lookup show it. */
export interface UnitRequestSummary {
	id: number;
	formNumber: string;
	status: ServiceRequest['status'];
	branchId: number;
	coverage: Coverage;
	complaint: string;
	createdAt: Date;
	statusChangedAt: Date;
}

/** Every request of a unit, newest first (optionally limited to an actor's scope). */
export async function listUnitRequests(
	db: Executor,
	unitId: number,
	actor?: Pick<Actor, 'user'>
): Promise<UnitRequestSummary[]> {
	const scope = actor ? requestScope(actor) : undefined;
	return db
		.select({
			id: serviceRequests.id,
			formNumber: serviceRequests.formNumber,
			status: serviceRequests.status,
			branchId: serviceRequests.branchId,
			coverage: serviceRequests.coverage,
			complaint: serviceRequests.complaint,
			createdAt: serviceRequests.createdAt,
			statusChangedAt: serviceRequests.statusChangedAt
		})
		.from(serviceRequests)
		.where(
			scope ? and(eq(serviceRequests.unitId, unitId), scope) : eq(serviceRequests.unitId, unitId)
		)
		.orderBy(desc(serviceRequests.id));
}

/** What the reception form shows as the user types: the unit, its warranty, coverage and past requests. */
export interface ReceptionLookup {
	target: ReceptionTarget;
	owner: Customer | null;
	pastRequests: UnitRequestSummary[];
}

/** Live lookup for the reception form; read-only, creates nothing. */
export async function lookupReception(actor: Actor, raw: unknown): Promise<ReceptionLookup> {
	requirePermission(actor, 'requests', 'view');
	const input = parseOrThrow(receptionLookupSchema, raw);
	return inTransaction(actor, async ({ tx, now }) => {
		const found = await resolveReceptionTarget(tx, input, { now, createUnit: false });
		const [owner] = found.ownerId
			? await tx.select().from(customers).where(eq(customers.id, found.ownerId))
			: [];
		const pastRequests = found.unit ? await listUnitRequests(tx, found.unit.id, actor) : [];
		return { target: found, owner: owner ?? null, pastRequests };
	});
}

/** Where a request is received: branch, counter, agency and channel, checked against the actor's scope. */
export interface Placement {
	branch: Branch;
	counterId: number | null;
	agencyId: number | null;
	channel: Channel;
}

/** Works out and checks the branch, counter, agency and channel of a new request or list. */
export async function resolvePlacement(
	ctx: ServiceContext,
	input: { branchId?: number; counterId?: number; agencyId?: number; channel?: Channel }
): Promise<Placement> {
	const { tx, actor } = ctx;
	let branchId: number | undefined;
	let agencyId: number | null = null;
	if (isAgencyActor(actor)) {
		// Agents always receive for their own agency, at the branch that serves it.
		const [agency] = await tx.select().from(agencies).where(eq(agencies.id, actor.user.agencyId!));
		if (!agency || !agency.active) throw fieldError('agencyId', 'service.error.agencyInvalid');
		branchId = agency.branchId;
		agencyId = agency.id;
	} else {
		if (
			actor.user.branchId !== null &&
			input.branchId !== undefined &&
			input.branchId !== actor.user.branchId
		) {
			throw fieldError('branchId', 'service.error.branchOutOfScope');
		}
		branchId = actor.user.branchId ?? input.branchId;
		if (branchId === undefined) throw fieldError('branchId', 'service.error.branchRequired');
		if (input.agencyId !== undefined) {
			const [agency] = await tx.select().from(agencies).where(eq(agencies.id, input.agencyId));
			if (!agency || !agency.active || agency.branchId !== branchId)
				throw fieldError('agencyId', 'service.error.agencyInvalid');
			agencyId = agency.id;
		}
	}
	const [branch] = await tx.select().from(branches).where(eq(branches.id, branchId));
	if (!branch || !branch.active) throw fieldError('branchId', 'validation.invalid');
	let counterId: number | null = null;
	if (input.counterId !== undefined) {
		const [counter] = await tx.select().from(counters).where(eq(counters.id, input.counterId));
		if (!counter || !counter.active || counter.branchId !== branch.id)
			throw fieldError('counterId', 'service.error.counterInvalid');
		counterId = counter.id;
	}
	const channel = input.channel ?? (agencyId !== null ? 'agent' : 'in_person');
	return { branch, counterId, agencyId, channel };
}

/** The customer of a new request: picked by id, found or created by mobile, else the card's owner. */
export async function resolveCustomer(
	ctx: ServiceContext,
	input: { customerId?: number; customerName?: string; customerMobile?: string },
	ownerId: number | null
): Promise<number | null> {
	const { tx, actor } = ctx;
	if (input.customerId !== undefined) {
		const [row] = await tx
			.select({ id: customers.id })
			.from(customers)
			.where(eq(customers.id, input.customerId));
		if (!row) throw fieldError('customerId', 'service.error.customerNotFound');
		// An agency may name only its own customers by id (else it could read anyone's details).
		if (isAgencyActor(actor) && !(await isAgencyCustomer(tx, actor.user.agencyId!, row.id)))
			throw fieldError('customerId', 'service.error.customerNotFound');
		return row.id;
	}
	if (input.customerMobile !== undefined) {
		const existing = await findCustomerByMobile(input.customerMobile, tx);
		if (existing) return existing.id;
		if (!input.customerName) throw fieldError('customerName', 'validation.required');
		try {
			// A savepoint: if another counter registers the same mobile at this moment, the unique
			// violation must not abort the whole reception; we take the other counter's customer.
			const created = await tx.transaction((sp) =>
				insertCustomer(
					sp,
					{
						name: input.customerName!,
						mobile: input.customerMobile!,
						nationalId: undefined,
						address: undefined,
						locale: undefined,
						marketingOptOut: undefined
					},
					actor.user.id
				)
			);
			return created.id;
		} catch (error) {
			const raced = isUniqueViolation(error)
				? await findCustomerByMobile(input.customerMobile, tx)
				: null;
			if (raced) return raced.id;
			throw error;
		}
	}
	return ownerId;
}

/** Rewrites a request's search_text from its current form number, list, unit, warranty, product and customer. */
export async function refreshSearchText(tx: Executor, requestId: number): Promise<void> {
	const [row] = await tx
		.select({
			formNumber: serviceRequests.formNumber,
			delivererName: serviceRequests.delivererName,
			complaint: serviceRequests.complaint,
			listNumber: requestLists.listNumber,
			unitSerial: units.serial,
			warrantySerial: warranties.serial,
			productCode: products.code,
			productFa: products.nameFa,
			productEn: products.nameEn,
			customerName: customers.name,
			customerMobile: customers.mobile,
			// The serial of a replacement unit finds the request that handed it out.
			newUnitSerial: sql<
				string | null
			>`(select ${units.serial} from ${units} join ${replacements} on ${replacements.newUnitId} = ${units.id} where ${replacements.requestId} = ${serviceRequests.id})`
		})
		.from(serviceRequests)
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(requestLists, eq(requestLists.id, serviceRequests.listId))
		.leftJoin(units, eq(units.id, serviceRequests.unitId))
		.leftJoin(warranties, eq(warranties.id, serviceRequests.warrantyId))
		.leftJoin(customers, eq(customers.id, serviceRequests.customerId))
		.where(eq(serviceRequests.id, requestId));
	if (!row) return;
	const searchText = buildSearchText({
		identifiers: [
			row.formNumber,
			row.listNumber,
			row.unitSerial,
			row.warrantySerial,
			row.productCode,
			row.newUnitSerial
		],
		texts: [
			row.productFa,
			row.productEn,
			row.customerName,
			row.customerMobile,
			row.customerMobile ? `0${row.customerMobile.slice(3)}` : null,
			row.delivererName,
			row.complaint
		]
	});
	await tx.update(serviceRequests).set({ searchText }).where(eq(serviceRequests.id, requestId));
}

/** The fields of a request as reception filled them. */
export interface RequestFields {
	customerId: number | null;
	delivererName: string;
	complaint: string;
	accessories: string;
	condition: string;
	expectedAt: Date | null;
	needsSorting: boolean;
}

/**
 * Inserts a draft request with the next form number of its branch and Jalali year, and writes
 * its `created` history and event. Used by single reception and by each line of a bulk list.
 */
export async function insertRequest(
	ctx: ServiceContext,
	placement: Placement,
	found: ReceptionTarget,
	fields: RequestFields,
	listId: number | null = null
): Promise<ServiceRequest> {
	const { tx, actor, now } = ctx;
	if (!found.product.serviceable || !found.product.active)
		throw fieldError('key', 'service.error.notServiceable');
	const jalaliYear = jalaliYearOf(now);
	const seq = await nextNumber(tx, formScope(placement.branch.id, jalaliYear));
	const formNumber = formatFormNumber(placement.branch.code, jalaliYear, seq);
	const [row] = await tx
		.insert(serviceRequests)
		.values({
			branchId: placement.branch.id,
			jalaliYear,
			seq,
			formNumber,
			listId,
			counterId: placement.counterId,
			agencyId: placement.agencyId,
			channel: placement.channel,
			customerId: fields.customerId,
			delivererName: fields.delivererName,
			unitId: found.unit?.id ?? null,
			warrantyId: found.warranty?.id ?? null,
			productId: found.product.id,
			coverage: found.coverage,
			warrantyEndsAt: found.warrantyEndsAt,
			complaint: fields.complaint,
			accessories: fields.accessories,
			condition: fields.condition,
			expectedAt: fields.expectedAt,
			needsSorting: fields.needsSorting,
			status: 'draft',
			statusChangedAt: now,
			createdBy: actor.user.id,
			createdAt: now,
			updatedAt: now
		})
		.returning();
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'service_request',
		entityId: row!.id,
		action: 'created',
		branchId: row!.branchId,
		changes: {
			formNumber,
			listId,
			productId: row!.productId,
			unitId: row!.unitId,
			warrantyId: row!.warrantyId,
			coverage: row!.coverage,
			customerId: row!.customerId,
			channel: row!.channel,
			counterId: row!.counterId,
			agencyId: row!.agencyId
		},
		payload: { requestId: row!.id, status: 'draft' }
	});
	await refreshSearchText(tx, row!.id);
	return row!;
}

/** Refuses to submit a request that lacks what the workshop needs. */
function assertSubmittable(
	request: Pick<ServiceRequest, 'complaint' | 'customerId' | 'agencyId'>
): void {
	if (!request.complaint.trim()) throw fieldError('complaint', 'service.error.complaintRequired');
	// An agency's own stock has no end customer yet; everything else must name one.
	if (request.customerId === null && request.agencyId === null)
		throw fieldError('customerMobile', 'service.error.customerRequired');
}

/** Receives a request inside the caller's transaction (single reception; the demo). */
export async function receiveInTx(
	ctx: ServiceContext,
	input: ReceiveInput
): Promise<ServiceRequest> {
	const placement = await resolvePlacement(ctx, input);
	const found = await resolveReceptionTarget(ctx.tx, input, { now: ctx.now, createUnit: true });
	const customerId = await resolveCustomer(ctx, input, found.ownerId);
	const submit = input.submit ?? true;
	const fields: RequestFields = {
		customerId,
		delivererName: input.delivererName ?? '',
		complaint: input.complaint ?? '',
		accessories: input.accessories ?? '',
		condition: input.condition ?? '',
		expectedAt: input.expectedAt ?? null,
		needsSorting: input.needsSorting ?? false
	};
	if (submit) assertSubmittable({ ...fields, agencyId: placement.agencyId });
	let request = await insertRequest(ctx, placement, found, fields);
	if (submit) {
		request = await transitionRequest(ctx.tx, ctx.actor, request.id, 'awaiting_assignment', {
			now: ctx.now,
			locked: request
		});
	}
	const flag = await refreshReplacementFlag(ctx, request.id);
	return { ...request, replacementFlag: flag.flagged, replacementReasons: flag.reasons };
}

/**
 * Receives a unit: finds product/unit/warranty from the key typed, the customer by id or mobile
 * (creating them when new), numbers the request and submits it unless kept as a draft.
 */
export async function receiveRequest(
	actor: Actor,
	raw: unknown,
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'edit');
	const input = parseOrThrow(receiveSchema, raw);
	return inTransaction(actor, (ctx) => receiveInTx(ctx, input), now);
}

/** Submits a draft inside the caller's transaction; see submitDraft. */
export async function submitDraftInTx(
	ctx: ServiceContext,
	requestId: number,
	version?: number
): Promise<ServiceRequest> {
	const { tx, actor, now } = ctx;
	const request = await lockRequest(tx, actor, requestId);
	await assertRequestVersion(tx, actor, request, version);
	if (request.status === 'draft') assertSubmittable(request);
	return transitionRequest(tx, actor, requestId, 'awaiting_assignment', { now, locked: request });
}

/** Submits a draft (complaint and customer must be there) so it waits for assignment. */
export async function submitDraft(
	actor: Actor,
	requestId: number,
	raw: unknown = {},
	now?: Date
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'edit');
	const { version } = parseOrThrow(versionOnlySchema, raw);
	return inTransaction(actor, (ctx) => submitDraftInTx(ctx, requestId, version), now);
}

const EDITABLE_FIELDS = [
	'delivererName',
	'complaint',
	'accessories',
	'condition',
	'expectedAt',
	'needsSorting'
] as const;

/** Edits what reception recorded; versioned, refused once the request is closed, every change in history. */
export async function updateRequestDetails(
	actor: Actor,
	requestId: number,
	raw: unknown
): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'edit');
	const input: RequestUpdateInput = parseOrThrow(requestUpdateSchema, raw);
	return inTransaction(actor, async ({ tx, now }) => {
		const request = await lockRequest(tx, actor, requestId);
		await assertRequestVersion(tx, actor, request, input.version);
		if (isFinal(request.status)) {
			throw conflict('transition_forbidden', 'service.error.transitionForbidden', {
				from: request.status,
				allowed: []
			});
		}
		const patch: Partial<ServiceRequest> = {};
		const changes: Record<string, { from: unknown; to: unknown }> = {};
		for (const field of EDITABLE_FIELDS) {
			const next = input[field];
			if (next === undefined) continue;
			const previous = request[field];
			const same =
				previous instanceof Date || next instanceof Date
					? (previous as Date | null)?.getTime() === (next as Date | null)?.getTime()
					: previous === next;
			if (same) continue;
			(patch as Record<string, unknown>)[field] = next;
			changes[field] = {
				from: previous instanceof Date ? previous.toISOString() : previous,
				to: next instanceof Date ? next.toISOString() : next
			};
		}
		if (!Object.keys(patch).length) return request;
		const [updated] = await tx
			.update(serviceRequests)
			.set({ ...patch, version: request.version + 1, updatedAt: now })
			.where(eq(serviceRequests.id, requestId))
			.returning();
		await recordServiceChange(tx, actor.user.id, {
			entityType: 'service_request',
			entityId: requestId,
			action: 'updated',
			branchId: request.branchId,
			changes,
			payload: { requestId, version: updated!.version }
		});
		await refreshSearchText(tx, requestId);
		return updated!;
	});
}

/** Requests of a list in form-number order (for the list's slip and sorting screen). */
export async function listRequestsOfList(db: Executor, listId: number): Promise<ServiceRequest[]> {
	return db
		.select()
		.from(serviceRequests)
		.where(eq(serviceRequests.listId, listId))
		.orderBy(serviceRequests.seq);
}
