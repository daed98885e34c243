import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	branches,
	products,
	stockDocuments,
	stockMoves,
	warehouses,
	type Warehouse,
	type WarehouseKind
} from '../db/schema';
import { z } from 'zod';
import { AppError, parseOrThrow } from '../http/errors';

const NAMES: Record<WarehouseKind, { fa: string; en: string }> = {
	main: { fa: 'انبار قطعات', en: 'Parts store' },
	scrap: { fa: 'انبار داغی', en: 'Scrap store' },
	consignment: { fa: 'انبار امانی', en: 'Consignment store' }
};

/** Creates the main, scrap and consignment stores of a branch where missing; returns all three. */
export async function ensureBranchWarehouses(
	tx: Executor,
	branchId: number
): Promise<Record<WarehouseKind, Warehouse>> {
	const [branch] = await tx.select().from(branches).where(eq(branches.id, branchId));
	if (!branch) throw new AppError(404, 'not_found', 'error.notFound');
	const result = {} as Record<WarehouseKind, Warehouse>;
	for (const kind of ['main', 'scrap', 'consignment'] as const) {
		const existing = await findWarehouse(tx, branchId, kind);
		if (existing) {
			result[kind] = existing;
			continue;
		}
		const [row] = await tx
			.insert(warehouses)
			.values({
				branchId,
				kind,
				code: `${branch.code}-${kind.toUpperCase()}`,
				nameFa: `${NAMES[kind].fa} ${branch.nameFa}`,
				nameEn: `${NAMES[kind].en} ${branch.nameEn}`
			})
			.returning();
		result[kind] = row!;
	}
	return result;
}

/** The first active warehouse of a kind in a branch, or null when the branch keeps none. */
export async function findWarehouse(
	tx: Executor,
	branchId: number,
	kind: WarehouseKind
): Promise<Warehouse | null> {
	const [row] = await tx
		.select()
		.from(warehouses)
		.where(
			and(eq(warehouses.branchId, branchId), eq(warehouses.kind, kind), eq(warehouses.active, true))
		)
		.orderBy(asc(warehouses.id))
		.limit(1);
	return row ?? null;
}

/** Warehouses the actor may see (their branch, or all for branch-less users). */
export async function listWarehouses(actor: Actor): Promise<Warehouse[]> {
	requirePermission(actor, 'stock', 'view');
	const db = await getDb();
	const scope = actor.user.branchId;
	return db
		.select()
		.from(warehouses)
		.where(scope === null ? undefined : eq(warehouses.branchId, scope))
		.orderBy(asc(warehouses.branchId), asc(warehouses.id));
}

/** A warehouse inside the actor's branch scope, or 404. */
export async function getWarehouse(actor: Actor, id: number, tx?: Executor): Promise<Warehouse> {
	requirePermission(actor, 'stock', 'view');
	const db = tx ?? (await getDb());
	const [row] = await db.select().from(warehouses).where(eq(warehouses.id, id));
	if (!row || (actor.user.branchId !== null && row.branchId !== actor.user.branchId))
		throw new AppError(404, 'not_found', 'error.notFound');
	return row;
}

export interface OnHandRow {
	warehouseId: number;
	productId: number;
	productCode: string;
	productNameFa: string;
	productNameEn: string;
	serialised: boolean;
	quantity: number;
	/** Serials still in the warehouse (received and not issued), for serialised items. */
	serials: string[];
}

/** Quantity on hand per product: the sum of the posted moves (the ledger), never a stored counter. */
export async function onHand(
	tx: Executor,
	warehouseId: number,
	productId?: number
): Promise<OnHandRow[]> {
	const conditions = [eq(stockMoves.warehouseId, warehouseId), ne(stockDocuments.status, 'draft')];
	if (productId !== undefined) conditions.push(eq(stockMoves.productId, productId));
	const rows = await tx
		.select({
			productId: stockMoves.productId,
			productCode: products.code,
			productNameFa: products.nameFa,
			productNameEn: products.nameEn,
			serialised: products.serialised,
			quantity: sql<string>`sum(${stockMoves.quantity})::text`,
			serials: sql<
				string[]
			>`coalesce(array_agg(${stockMoves.serial} || '|' || sign(${stockMoves.quantity})::int) filter (where ${stockMoves.serial} <> ''), '{}')`
		})
		.from(stockMoves)
		.innerJoin(stockDocuments, eq(stockDocuments.id, stockMoves.documentId))
		.innerJoin(products, eq(products.id, stockMoves.productId))
		.where(and(...conditions))
		.groupBy(
			stockMoves.productId,
			products.code,
			products.nameFa,
			products.nameEn,
			products.serialised
		)
		.orderBy(asc(products.code));
	return rows
		.map((r) => ({
			...r,
			warehouseId,
			quantity: Number(r.quantity),
			serials: remainingSerials(r.serials)
		}))
		.filter((r) => r.quantity !== 0 || productId !== undefined);
}

// A serial is in the store when it came in more times than it went out.
function remainingSerials(tagged: string[]): string[] {
	const count = new Map<string, number>();
	for (const item of tagged) {
		const at = item.lastIndexOf('|');
		const serial = item.slice(0, at);
		count.set(serial, (count.get(serial) ?? 0) + Number(item.slice(at + 1)));
	}
	return [...count]
		.filter(([, n]) => n > 0)
		.map(([s]) => s)
		.sort();
}

/** Stock on hand in a warehouse the actor may see. */
export async function stockOnHand(actor: Actor, warehouseId: number): Promise<OnHandRow[]> {
	const db = await getDb();
	await getWarehouse(actor, warehouseId, db);
	return onHand(db, warehouseId);
}

export const openWarehousesSchema = z.object({ branchId: z.coerce.number().int().positive() });

/** Opens a branch's parts, scrap and consignment stores (those it lacks); returns all three. */
export async function openBranchWarehouses(
	actor: Actor,
	raw: unknown
): Promise<Record<WarehouseKind, Warehouse>> {
	requirePermission(actor, 'stock', 'manage');
	const { branchId } = parseOrThrow(openWarehousesSchema, raw ?? {});
	if (actor.user.branchId !== null && actor.user.branchId !== branchId)
		throw new AppError(404, 'not_found', 'error.notFound');
	const db = await getDb();
	return db.transaction((tx) => ensureBranchWarehouses(tx, branchId));
}

export const warehouseSettingsSchema = z.object({
	allowNegative: z
		.union([z.boolean(), z.enum(['on', 'true', 'false'])])
		.optional()
		.transform((v) => v === true || v === 'on' || v === 'true')
});

/** Whether posting may take a store below zero (off by default: a shortfall is refused). */
export async function updateWarehouseSettings(
	actor: Actor,
	id: number,
	raw: unknown
): Promise<Warehouse> {
	requirePermission(actor, 'stock', 'manage');
	const input = parseOrThrow(warehouseSettingsSchema, raw ?? {});
	const db = await getDb();
	await getWarehouse(actor, id, db);
	const [row] = await db
		.update(warehouses)
		.set({ allowNegative: input.allowNegative })
		.where(eq(warehouses.id, id))
		.returning();
	return row!;
}

/** Branches in the actor's scope that have no stores yet (offered "open the stores"). */
export async function branchesWithoutWarehouses(actor: Actor) {
	requirePermission(actor, 'stock', 'view');
	const db = await getDb();
	const rows = await db
		.select({
			id: branches.id,
			code: branches.code,
			nameFa: branches.nameFa,
			nameEn: branches.nameEn
		})
		.from(branches)
		.where(
			and(
				eq(branches.active, true),
				sql`not exists (select 1 from warehouse w where w.branch_id = ${branches.id})`
			)
		)
		.orderBy(asc(branches.code));
	return rows.filter((b) => actor.user.branchId === null || b.id === actor.user.branchId);
}

/** Active parts for the document form (code and names). */
export async function partChoices(actor: Actor) {
	requirePermission(actor, 'stock', 'view');
	const db = await getDb();
	return db
		.select({
			id: products.id,
			code: products.code,
			nameFa: products.nameFa,
			nameEn: products.nameEn,
			serialised: products.serialised
		})
		.from(products)
		.where(and(eq(products.isPart, true), eq(products.active, true)))
		.orderBy(asc(products.code))
		.limit(2000);
}
