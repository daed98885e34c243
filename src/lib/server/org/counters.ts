/** Reception counters (باجه) of a branch. */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db';
import { branches, counters, type Counter } from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { diff, recordMasterChange } from '../catalog/changes';
import { code, flag, id, optional, text } from '../catalog/inputs';
import { decodeCursor, pageFields, toPage, type Page } from '../catalog/paging';
import { assertInScope, getBranch } from './branches';

/** Input to create a counter. */
export const counterCreateSchema = z.object({
	branchId: id,
	code,
	name: text(80),
	active: optional(flag)
});
/** Input to rename, renumber or (de)activate a counter; it stays in its branch. */
export const counterUpdateSchema = counterCreateSchema.omit({ branchId: true }).partial();
/** Filters of the counter list. */
export const counterListQuery = z.object({
	branch: optional(id),
	active: optional(flag),
	...pageFields
});

/** A counter with its branch's names. */
export type CounterRow = Counter & {
	branchCode: string;
	branchNameFa: string;
	branchNameEn: string;
};

const columns = {
	id: counters.id,
	branchId: counters.branchId,
	code: counters.code,
	name: counters.name,
	active: counters.active,
	branchCode: branches.code,
	branchNameFa: branches.nameFa,
	branchNameEn: branches.nameEn
};

/** Lists counters by branch code and counter code; a branch-scoped actor sees their branch's only. */
export async function listCounters(
	scope: number | null,
	query: z.infer<typeof counterListQuery>
): Promise<Page<CounterRow>> {
	if (query.branch !== undefined) assertInScope(scope, query.branch);
	const db = await getDb();
	const where: (SQL | undefined)[] = [];
	const branchId = query.branch ?? scope;
	if (branchId !== null && branchId !== undefined) where.push(eq(counters.branchId, branchId));
	if (query.active !== undefined) where.push(eq(counters.active, query.active));
	const after = decodeCursor(query.cursor, ['number']);
	// Counters are few per branch; the cursor is a plain offset over the stable order.
	const offset = after ? (after[0] as number) : 0;
	const rows = await db
		.select(columns)
		.from(counters)
		.innerJoin(branches, eq(branches.id, counters.branchId))
		.where(and(...where))
		.orderBy(asc(branches.code), asc(counters.code), asc(counters.id))
		.limit(query.limit + 1)
		.offset(offset);
	const page = toPage(rows, query.limit, () => [offset + query.limit]);
	return page;
}

async function getCounter(scope: number | null, counterId: number): Promise<Counter> {
	const db = await getDb();
	const [row] = await db.select().from(counters).where(eq(counters.id, counterId));
	if (!row) throw notFound();
	assertInScope(scope, row.branchId);
	return row;
}

function duplicateCode(): AppError {
	return new AppError(409, 'duplicate_code', 'catalog.error.duplicateCode', undefined, {
		code: { key: 'catalog.error.duplicateCode' }
	});
}

/** Creates a counter in a branch; its code is unique within the branch. */
export async function createCounter(
	scope: number | null,
	input: z.infer<typeof counterCreateSchema>,
	actorId: number | null
): Promise<Counter> {
	await getBranch(scope, input.branchId);
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx.insert(counters).values(input).returning();
			await recordMasterChange(
				tx,
				'counter',
				row!.id,
				'created',
				actorId,
				{ ...input },
				input.branchId
			);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

/** Renames, renumbers or (de)activates a counter. */
export async function updateCounter(
	scope: number | null,
	counterId: number,
	patch: z.infer<typeof counterUpdateSchema>,
	actorId: number | null
): Promise<Counter> {
	const current = await getCounter(scope, counterId);
	const changes = diff(current, patch);
	if (!Object.keys(changes).length) return current;
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.update(counters)
				.set(changes)
				.where(eq(counters.id, counterId))
				.returning();
			await recordMasterChange(
				tx,
				'counter',
				counterId,
				'updated',
				actorId,
				changes,
				current.branchId
			);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}
