/** Warranty types: how long, from which event, covering what. */
import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb } from '../db';
import { warranties, warrantyTypes, type WarrantyType } from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { recordChange } from '../events/record';
import type { warrantyTypeCreateSchema, warrantyTypeUpdateSchema } from './schemas';

/** Fields that decide the dates of issued warranties; frozen once a warranty uses the type. */
const PERIOD_FIELDS = ['months', 'days', 'startRule', 'graceDays'] as const;

function duplicateCode(): AppError {
	return new AppError(409, 'duplicate_code', 'warranty.error.typeCodeTaken', undefined, {
		code: { key: 'warranty.error.typeCodeTaken' }
	});
}

/** Every warranty type, active first, then by code; with how many warranties use each. */
export async function listWarrantyTypes(): Promise<(WarrantyType & { warrantyCount: number })[]> {
	const db = await getDb();
	const counts = db
		.select({ typeId: warranties.typeId, n: sql<number>`count(*)::int`.as('n') })
		.from(warranties)
		.groupBy(warranties.typeId)
		.as('counts');
	const rows = await db
		.select({ type: warrantyTypes, n: counts.n })
		.from(warrantyTypes)
		.leftJoin(counts, eq(counts.typeId, warrantyTypes.id))
		.orderBy(sql`${warrantyTypes.active} desc`, asc(warrantyTypes.code));
	return rows.map((r) => ({ ...r.type, warrantyCount: r.n ?? 0 }));
}

/** One warranty type, or 404. */
export async function getWarrantyType(id: number): Promise<WarrantyType> {
	const db = await getDb();
	const [row] = await db.select().from(warrantyTypes).where(eq(warrantyTypes.id, id));
	if (!row) throw notFound();
	return row;
}

/** Defines a warranty type; codes are unique. */
export async function createWarrantyType(
	input: z.infer<typeof warrantyTypeCreateSchema>,
	actorId: number | null
): Promise<WarrantyType> {
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(warrantyTypes)
				.values({ ...input, graceDays: input.graceDays ?? 0, active: input.active ?? true })
				.returning();
			await recordChange(tx, {
				entityType: 'warranty_type',
				entityId: row.id,
				action: 'created',
				actorId,
				changes: { ...input },
				type: 'warranty_type.created',
				payload: { code: row.code }
			});
			return row;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

/**
 * Edits a warranty type. Names, coverage and the active flag can always change; the period
 * rules cannot once warranties use the type, because the dates printed on those cards were
 * computed from them — define a new type instead.
 */
export async function updateWarrantyType(
	id: number,
	patch: z.infer<typeof warrantyTypeUpdateSchema>,
	actorId: number | null
): Promise<WarrantyType> {
	const db = await getDb();
	const { version, ...fields } = patch;
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(warrantyTypes)
				.where(eq(warrantyTypes.id, id))
				.for('update');
			if (!current) throw notFound();
			if (version !== undefined && version !== current.version) {
				throw new AppError(409, 'stale', 'warranty.error.stale');
			}
			const changes: Record<string, unknown> = {};
			for (const [key, value] of Object.entries(fields)) {
				if (value !== undefined && current[key as keyof WarrantyType] !== value)
					changes[key] = value;
			}
			if (Object.keys(changes).length === 0) return current;
			const next = { ...current, ...changes } as WarrantyType;
			if (next.months + next.days <= 0) {
				throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
					months: { key: 'warranty.validation.duration' }
				});
			}
			if (PERIOD_FIELDS.some((f) => f in changes)) {
				const [used] = await tx
					.select({ id: warranties.id })
					.from(warranties)
					.where(eq(warranties.typeId, id))
					.limit(1);
				if (used) throw new AppError(409, 'type_in_use', 'warranty.error.typeInUse');
			}
			const [row] = await tx
				.update(warrantyTypes)
				.set({ ...changes, version: current.version + 1, updatedAt: new Date() })
				.where(eq(warrantyTypes.id, id))
				.returning();
			await recordChange(tx, {
				entityType: 'warranty_type',
				entityId: id,
				action: 'updated',
				actorId,
				changes,
				type: 'warranty_type.updated',
				payload: { code: row.code }
			});
			return row;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}
