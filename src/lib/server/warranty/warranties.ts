/**
 * Warranty cards: issue, edit trigger dates, activate/deactivate, assign to customers, list.
 * Warranties are master data shared by every branch (a card sold in Tehran is serviced in
 * Isfahan), so they are not branch-scoped; the requests that use them are.
 */
import {
	and,
	asc,
	desc,
	eq,
	gt,
	gte,
	inArray,
	isNull,
	lt,
	lte,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { startOfTehranDay } from '#lib/domain/jalali';
import { normalizeMobile } from '#lib/domain/mobile';
import { normalizeSerial } from '#lib/domain/text';
import { getDb, type Executor, type Tx } from '../db';
import {
	customers,
	history,
	products,
	units,
	users,
	warranties,
	warrantyAssignments,
	warrantyTypes,
	type Warranty,
	type WarrantyType
} from '../db/schema';
import { findProductByCode } from '../catalog/products';
import { decodeCursor, toPage, type Page } from '../catalog/paging';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { recordWarrantyChange, recordWarrantyChanges } from './changes';
import { createCustomerFromMobile, findCustomerByMobile, findOrCreateUnit } from './links';
import { periodColumns, stateOf } from './periods';
import type {
	warrantyAssignSchema,
	warrantyCreateSchema,
	warrantyListQuerySchema,
	warrantyUpdateSchema
} from './schemas';

/** A warranty with what people need to read it: type, product, unit, holder, and where it stands. */
export interface WarrantyView {
	id: number;
	serial: string;
	active: boolean;
	inactiveReason: string | null;
	version: number;
	type: Pick<
		WarrantyType,
		'id' | 'code' | 'nameFa' | 'nameEn' | 'coverage' | 'startRule' | 'months' | 'days' | 'graceDays'
	>;
	unit: {
		id: number;
		serial: string;
		productId: number;
		productCode: string;
		productNameFa: string;
		productNameEn: string;
	};
	customer: { id: number; name: string; mobile: string } | null;
	saleDate: Date | null;
	registeredAt: Date | null;
	activatedAt: Date | null;
	startsOn: Date | null;
	endsOn: Date | null;
	graceEndsOn: Date | null;
	/** `active` = covered today. */
	state: 'active' | 'grace' | 'expired' | 'pending';
	daysLeft: number | null;
	importId: number | null;
	createdAt: Date;
	updatedAt: Date;
}

const viewColumns = {
	w: warranties,
	type: {
		id: warrantyTypes.id,
		code: warrantyTypes.code,
		nameFa: warrantyTypes.nameFa,
		nameEn: warrantyTypes.nameEn,
		coverage: warrantyTypes.coverage,
		startRule: warrantyTypes.startRule,
		months: warrantyTypes.months,
		days: warrantyTypes.days,
		graceDays: warrantyTypes.graceDays
	},
	unitSerial: units.serial,
	productId: products.id,
	productCode: products.code,
	productNameFa: products.nameFa,
	productNameEn: products.nameEn,
	customerName: customers.name,
	customerMobile: customers.mobile
};

type ViewRow = {
	w: Warranty;
	type: WarrantyView['type'];
	unitSerial: string;
	productId: number;
	productCode: string;
	productNameFa: string;
	productNameEn: string;
	customerName: string | null;
	customerMobile: string | null;
};

/** The joined select every read of warranties starts from. */
export function selectWarrantyViews(executor: Executor) {
	return executor
		.select(viewColumns)
		.from(warranties)
		.innerJoin(warrantyTypes, eq(warrantyTypes.id, warranties.typeId))
		.innerJoin(units, eq(units.id, warranties.unitId))
		.innerJoin(products, eq(products.id, units.productId))
		.leftJoin(customers, eq(customers.id, warranties.customerId));
}

/** Shapes a joined row into a WarrantyView, computing today's state. */
export function toWarrantyView(row: ViewRow, now = new Date()): WarrantyView {
	const { w } = row;
	const status = stateOf(w, now);
	return {
		id: w.id,
		serial: w.serial,
		active: w.active,
		inactiveReason: w.inactiveReason,
		version: w.version,
		type: row.type,
		unit: {
			id: w.unitId,
			serial: row.unitSerial,
			productId: row.productId,
			productCode: row.productCode,
			productNameFa: row.productNameFa,
			productNameEn: row.productNameEn
		},
		customer:
			w.customerId !== null
				? { id: w.customerId, name: row.customerName ?? '', mobile: row.customerMobile ?? '' }
				: null,
		saleDate: w.saleDate,
		registeredAt: w.registeredAt,
		activatedAt: w.activatedAt,
		startsOn: w.startsOn,
		endsOn: w.endsOn,
		graceEndsOn: w.graceEndsOn,
		state: status.state,
		daysLeft: status.daysLeft,
		importId: w.importId,
		createdAt: w.createdAt,
		updatedAt: w.updatedAt
	};
}

/** One warranty as a view, or 404. */
export async function getWarranty(id: number, executor?: Executor): Promise<WarrantyView> {
	const db = executor ?? (await getDb());
	const [row] = await selectWarrantyViews(db).where(eq(warranties.id, id));
	if (!row) throw notFound();
	return toWarrantyView(row);
}

/** SQL condition for "where the warranty stands today", matching `warrantyStatus` day by day. */
export function stateCondition(state: WarrantyView['state'], now = new Date()): SQL {
	const today = startOfTehranDay(now);
	switch (state) {
		case 'pending':
			return or(isNull(warranties.startsOn), gt(warranties.startsOn, today))!;
		case 'active':
			return and(lte(warranties.startsOn, today), gte(warranties.endsOn, today))!;
		case 'grace':
			return and(lt(warranties.endsOn, today), gte(warranties.graceEndsOn, today))!;
		case 'expired':
			return lt(warranties.graceEndsOn, today);
	}
}

/** Lists warranties newest first with filters; `q` matches warranty serial, product serial or mobile. */
export async function listWarranties(
	query: z.infer<typeof warrantyListQuerySchema>
): Promise<Page<WarrantyView>> {
	const db = await getDb();
	const conditions: (SQL | undefined)[] = [];
	const cursor = decodeCursor(query.cursor, ['number']);
	if (cursor) conditions.push(lt(warranties.id, cursor[0] as number));
	if (query.q?.trim()) {
		const serial = normalizeSerial(query.q);
		const mobile = normalizeMobile(query.q);
		const matches: SQL[] = [];
		if (serial) {
			matches.push(eq(warranties.serialNorm, serial), eq(units.serialNorm, serial));
			// Prefix search helps with cards read off partly; short prefixes would match half the table.
			if (serial.length >= 4)
				matches.push(sql`${warranties.serialNorm} like ${serial.replace(/[\\%_]/g, '\\$&') + '%'}`);
		}
		if (mobile.ok) matches.push(eq(customers.mobile, mobile.value));
		conditions.push(matches.length ? or(...matches) : sql`false`);
	}
	if (query.typeId) conditions.push(eq(warranties.typeId, query.typeId));
	if (query.active !== undefined) conditions.push(eq(warranties.active, query.active));
	if (query.customerId) conditions.push(eq(warranties.customerId, query.customerId));
	if (query.unitId) conditions.push(eq(warranties.unitId, query.unitId));
	if (query.importId) conditions.push(eq(warranties.importId, query.importId));
	if (query.state) conditions.push(stateCondition(query.state));
	const rows = await selectWarrantyViews(db)
		.where(and(...conditions))
		.orderBy(desc(warranties.id))
		.limit(query.limit + 1);
	const now = new Date();
	return toPage(
		rows.map((r) => toWarrantyView(r, now)),
		query.limit,
		(w) => [w.id]
	);
}

function serialTaken(): AppError {
	return new AppError(409, 'duplicate_serial', 'warranty.error.serialTaken', undefined, {
		serial: { key: 'warranty.error.serialTaken' }
	});
}

async function usableType(tx: Executor, typeId: number): Promise<WarrantyType> {
	const [type] = await tx.select().from(warrantyTypes).where(eq(warrantyTypes.id, typeId));
	if (!type || !type.active) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			typeId: { key: type ? 'warranty.error.typeInactive' : 'validation.invalid' }
		});
	}
	return type;
}

/**
 * Issues one warranty card. The unit is found (or created) by product code + serial; a customer
 * mobile links the card to that customer (created if new), which also counts as registration.
 */
export async function createWarranty(
	input: z.infer<typeof warrantyCreateSchema>,
	actorId: number | null
): Promise<WarrantyView> {
	// Read through the catalogue's own function before the transaction: on the embedded PGlite a
	// query outside an open transaction would wait for it to end.
	let productId: number | null = null;
	if (input.unitId === undefined) {
		const product = await findProductByCode(input.productCode!);
		if (!product) {
			throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
				productCode: { key: 'warranty.error.unknownProduct' }
			});
		}
		productId = product.id;
	}
	const db = await getDb();
	try {
		const id = await db.transaction(async (tx) => {
			const type = await usableType(tx, input.typeId);
			const customer = input.customerMobile
				? ((await findCustomerByMobile(tx, input.customerMobile)) ??
					(await createCustomerFromMobile(tx, input.customerMobile)))
				: null;
			let unit;
			if (input.unitId !== undefined) {
				[unit] = await tx.select().from(units).where(eq(units.id, input.unitId));
				if (!unit) {
					throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
						unitId: { key: 'validation.invalid' }
					});
				}
			} else {
				({ unit } = await findOrCreateUnit(tx, productId!, input.productSerial!, {
					saleDate: input.saleDate ?? null,
					ownerId: customer?.id ?? null
				}));
			}
			const dates = {
				saleDate: input.saleDate ?? unit.saleDate ?? null,
				activatedAt: input.activatedAt ?? unit.activationDate ?? null,
				registeredAt: input.registeredAt ?? (customer ? new Date() : null)
			};
			const [row] = await tx
				.insert(warranties)
				.values({
					serial: input.serial,
					serialNorm: normalizeSerial(input.serial),
					typeId: type.id,
					unitId: unit.id,
					customerId: customer?.id ?? null,
					...dates,
					...periodColumns(type, dates),
					createdBy: actorId
				})
				.returning();
			if (customer) {
				await tx
					.insert(warrantyAssignments)
					.values({ warrantyId: row.id, customerId: customer.id, actorId });
			}
			await recordWarrantyChange(tx, actorId, {
				entityId: row.id,
				action: 'created',
				changes: {
					serial: row.serial,
					typeId: type.id,
					unitId: unit.id,
					customerId: customer?.id ?? null,
					...dates
				}
			});
			return row.id;
		});
		return getWarranty(id);
	} catch (error) {
		if (isUniqueViolation(error)) throw serialTaken();
		throw error;
	}
}

async function lockWarranty(tx: Tx, id: number, version?: number): Promise<Warranty> {
	const [current] = await tx.select().from(warranties).where(eq(warranties.id, id)).for('update');
	if (!current) throw notFound();
	if (version !== undefined && version !== current.version)
		throw new AppError(409, 'stale', 'warranty.error.stale');
	return current;
}

/**
 * Changes a warranty's type or trigger dates and recomputes its period: this is how a card
 * waiting for registration or activation starts when that date becomes known.
 */
export async function updateWarranty(
	id: number,
	patch: z.infer<typeof warrantyUpdateSchema>,
	actorId: number | null
): Promise<WarrantyView> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		const current = await lockWarranty(tx, id, patch.version);
		const changes: Record<string, unknown> = {};
		for (const key of ['typeId', 'saleDate', 'registeredAt', 'activatedAt'] as const) {
			const value = patch[key];
			if (value === undefined) continue;
			const before = current[key];
			const same =
				value instanceof Date && before instanceof Date
					? value.getTime() === before.getTime()
					: value === before;
			if (!same) changes[key] = value;
		}
		if (Object.keys(changes).length === 0) return;
		const type =
			changes.typeId !== undefined
				? await usableType(tx, changes.typeId as number)
				: (await tx.select().from(warrantyTypes).where(eq(warrantyTypes.id, current.typeId)))[0]!;
		const next = { ...current, ...changes } as Warranty;
		const period = periodColumns(type, next);
		await tx
			.update(warranties)
			.set({ ...changes, ...period, version: current.version + 1, updatedAt: new Date() })
			.where(eq(warranties.id, id));
		await recordWarrantyChange(tx, actorId, {
			entityId: id,
			action: 'updated',
			changes: { ...changes, ...period }
		});
	});
	return getWarranty(id);
}

/**
 * Activates or deactivates a selection in one transaction; deactivation needs a reason, kept on
 * each card. Returns how many changed (cards already in the wanted state are left alone).
 */
export async function setWarrantiesActive(
	input: { ids: number[]; active: boolean; reason?: string },
	actorId: number | null
): Promise<{ changed: number; unchanged: number; missing: number }> {
	const db = await getDb();
	const ids = [...new Set(input.ids)];
	if (!input.active && !input.reason?.trim()) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			reason: { key: 'warranty.validation.reason' }
		});
	}
	return db.transaction(async (tx) => {
		const rows = await tx
			.select({ id: warranties.id, active: warranties.active })
			.from(warranties)
			.where(inArray(warranties.id, ids))
			.orderBy(asc(warranties.id))
			.for('update');
		const toChange = rows.filter((r) => r.active !== input.active).map((r) => r.id);
		if (toChange.length) {
			const reason = input.active ? null : input.reason!.trim();
			await tx
				.update(warranties)
				.set({
					active: input.active,
					inactiveReason: reason,
					version: sql`${warranties.version} + 1`,
					updatedAt: new Date()
				})
				.where(inArray(warranties.id, toChange));
			await recordWarrantyChanges(
				tx,
				actorId,
				toChange.map((id) => ({
					entityId: id,
					action: input.active ? 'activated' : 'deactivated',
					changes: { active: input.active, reason: reason ?? '' }
				}))
			);
		}
		return {
			changed: toChange.length,
			unchanged: rows.length - toChange.length,
			missing: ids.length - rows.length
		};
	});
}

/**
 * Gives a warranty to the customer with this mobile (creating the customer when a name is
 * given). The first assignment registers the card, which starts registration-based warranties.
 */
export async function assignWarranty(
	id: number,
	input: z.infer<typeof warrantyAssignSchema>,
	actorId: number | null
): Promise<WarrantyView> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		const current = await lockWarranty(tx, id, input.version);
		let customer = await findCustomerByMobile(tx, input.mobile);
		if (!customer) {
			if (!input.name) {
				throw new AppError(
					422,
					'customer_not_found',
					'warranty.error.customerNotFound',
					undefined,
					{
						name: { key: 'warranty.error.customerNotFound' }
					}
				);
			}
			customer = await createCustomerFromMobile(tx, input.mobile, input.name);
		}
		if (customer.id === current.customerId) return;
		const registeredAt = current.registeredAt ?? new Date();
		const [type] = await tx
			.select()
			.from(warrantyTypes)
			.where(eq(warrantyTypes.id, current.typeId));
		const period = periodColumns(type!, { ...current, registeredAt });
		await tx
			.update(warranties)
			.set({
				customerId: customer.id,
				registeredAt,
				...period,
				version: current.version + 1,
				updatedAt: new Date()
			})
			.where(eq(warranties.id, id));
		await tx.insert(warrantyAssignments).values({
			warrantyId: id,
			customerId: customer.id,
			previousCustomerId: current.customerId,
			note: input.note,
			actorId
		});
		await recordWarrantyChange(tx, actorId, {
			entityId: id,
			action: current.customerId === null ? 'assigned' : 'reassigned',
			changes: {
				customerId: customer.id,
				previousCustomerId: current.customerId,
				note: input.note,
				registeredAt,
				...period
			}
		});
	});
	return getWarranty(id);
}

/** One line of a warranty's assignment history. */
export interface AssignmentView {
	id: number;
	customer: { id: number; name: string; mobile: string } | null;
	previousCustomer: { id: number; name: string; mobile: string } | null;
	note: string;
	actorName: string | null;
	at: Date;
}

/** Who held the warranty over time, oldest first. */
export async function listAssignments(warrantyId: number): Promise<AssignmentView[]> {
	const db = await getDb();
	const previous = alias(customers, 'previous_customer');
	const rows = await db
		.select({
			a: warrantyAssignments,
			customerName: customers.name,
			customerMobile: customers.mobile,
			previousName: previous.name,
			previousMobile: previous.mobile,
			actorName: users.displayName
		})
		.from(warrantyAssignments)
		.leftJoin(customers, eq(customers.id, warrantyAssignments.customerId))
		.leftJoin(previous, eq(previous.id, warrantyAssignments.previousCustomerId))
		.leftJoin(users, eq(users.id, warrantyAssignments.actorId))
		.where(eq(warrantyAssignments.warrantyId, warrantyId))
		.orderBy(asc(warrantyAssignments.id));
	return rows.map((r) => ({
		id: r.a.id,
		customer:
			r.a.customerId !== null
				? { id: r.a.customerId, name: r.customerName ?? '', mobile: r.customerMobile ?? '' }
				: null,
		previousCustomer:
			r.a.previousCustomerId !== null
				? { id: r.a.previousCustomerId, name: r.previousName ?? '', mobile: r.previousMobile ?? '' }
				: null,
		note: r.a.note,
		actorName: r.actorName,
		at: r.a.createdAt
	}));
}

/** The warranty's timeline (created, dates changed, (de)activated, assigned), newest first. */
export async function listWarrantyHistory(warrantyId: number) {
	const db = await getDb();
	return db
		.select({
			id: history.id,
			action: history.action,
			changes: history.changes,
			at: history.createdAt,
			actorName: users.displayName
		})
		.from(history)
		.leftJoin(users, eq(users.id, history.actorId))
		.where(and(eq(history.entityType, 'warranty'), eq(history.entityId, String(warrantyId))))
		.orderBy(desc(history.id))
		.limit(200);
}

/**
 * For the catalogue and service contexts: a unit's sale or activation date became known, so its
 * warranties that were waiting for that date start now. Runs in the caller's transaction.
 */
export async function recomputeWarrantiesForUnit(
	tx: Executor,
	unitId: number,
	facts: { saleDate?: Date | null; activationDate?: Date | null },
	actorId: number | null
): Promise<number> {
	const rows = await tx
		.select({ w: warranties, type: warrantyTypes })
		.from(warranties)
		.innerJoin(warrantyTypes, eq(warrantyTypes.id, warranties.typeId))
		.where(eq(warranties.unitId, unitId));
	let changed = 0;
	for (const { w, type } of rows) {
		const dates = {
			saleDate: w.saleDate ?? facts.saleDate ?? null,
			registeredAt: w.registeredAt,
			activatedAt: w.activatedAt ?? facts.activationDate ?? null
		};
		if (dates.saleDate === w.saleDate && dates.activatedAt === w.activatedAt) continue;
		const period = periodColumns(type, dates);
		await tx
			.update(warranties)
			.set({ ...dates, ...period, version: w.version + 1, updatedAt: new Date() })
			.where(eq(warranties.id, w.id));
		await recordWarrantyChange(tx, actorId, {
			entityId: w.id,
			action: 'updated',
			changes: { ...dates, ...period }
		});
		changed++;
	}
	return changed;
}
