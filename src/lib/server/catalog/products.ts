/** Products and parts: records, categories, serviceability, attached services and the BOM. */
import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { normalizePersian } from '#lib/domain/text';
import { getDb } from '../db';
import {
	bomLines,
	history,
	productCategories,
	productServices,
	products,
	services,
	type Product,
	type ProductCategory
} from '../db/schema';
import { emitEvent } from '../events/record';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import {
	deleteOrDeactivate,
	diff,
	jsonSafe,
	recordMasterChange,
	type RemovalOutcome
} from './changes';
import { code, flag, id, idList, int, nullable, optional, quantity, rials, text } from './inputs';
import { decodeCursor, likeEscape, pageFields, toPage, type Page } from './paging';

/** Input to create a product or part. */
export const productCreateSchema = z.object({
	code,
	nameFa: text(200),
	nameEn: text(200),
	categoryId: nullable(id),
	isPart: optional(flag),
	serialised: optional(flag),
	serviceable: optional(flag),
	priceRials: optional(rials),
	active: optional(flag)
});

/** Input to change a product; `version` (when sent) refuses the change if someone saved first. */
export const productUpdateSchema = productCreateSchema
	.partial()
	.extend({ version: optional(int(1)) });

/** Filters of the product list. */
export const productListQuery = z.object({
	q: z.string().max(100).optional(),
	category: optional(id),
	serviceable: optional(flag),
	part: optional(flag),
	active: optional(flag),
	...pageFields
});

/** Bulk serviceability: a selection of ids, a whole category, or both. */
export const serviceabilitySchema = z
	.object({
		serviceable: flag,
		ids: idList.optional(),
		categoryId: optional(id)
	})
	.refine((v) => (v.ids?.length ?? 0) > 0 || v.categoryId !== undefined, {
		path: ['ids'],
		message: 'catalog.validation.selectSomething'
	});

/** Input to create or rename a category. */
export const categorySchema = z.object({
	code,
	nameFa: text(120),
	nameEn: text(120),
	active: optional(flag)
});

/** One BOM line to add or change; the part is named by id or by code. */
export const bomLineSchema = z
	.object({
		partId: optional(id),
		partCode: optional(code),
		quantity,
		note: optional(text(200))
	})
	.refine((v) => v.partId !== undefined || v.partCode !== undefined, {
		path: ['partCode'],
		message: 'validation.required'
	});

/** A product with its category's names, as lists show it. */
export type ProductRow = Product & { categoryFa: string | null; categoryEn: string | null };

function searchNormOf(p: { code: string; nameFa: string; nameEn: string }): string {
	return normalizePersian(`${p.code} ${p.nameFa} ${p.nameEn}`);
}

const productColumns = {
	id: products.id,
	code: products.code,
	nameFa: products.nameFa,
	nameEn: products.nameEn,
	categoryId: products.categoryId,
	isPart: products.isPart,
	serialised: products.serialised,
	serviceable: products.serviceable,
	priceRials: products.priceRials,
	searchNorm: products.searchNorm,
	active: products.active,
	version: products.version,
	createdAt: products.createdAt,
	updatedAt: products.updatedAt,
	categoryFa: productCategories.nameFa,
	categoryEn: productCategories.nameEn
};

/** Lists products and parts by code, filtered by text (code or either name), category and flags. */
export async function listProducts(
	query: z.infer<typeof productListQuery>
): Promise<Page<ProductRow>> {
	const db = await getDb();
	const where: SQL[] = [];
	if (query.category !== undefined) where.push(eq(products.categoryId, query.category));
	if (query.serviceable !== undefined) where.push(eq(products.serviceable, query.serviceable));
	if (query.part !== undefined) where.push(eq(products.isPart, query.part));
	if (query.active !== undefined) where.push(eq(products.active, query.active));
	for (const token of normalizePersian(query.q ?? '')
		.split(' ')
		.filter(Boolean)) {
		// The code is matched too, for rows written without the search column (bulk loads, fixtures).
		const pattern = `%${likeEscape(token)}%`;
		where.push(
			or(sql`${products.searchNorm} like ${pattern}`, sql`lower(${products.code}) like ${pattern}`)!
		);
	}
	const after = decodeCursor(query.cursor, ['string']);
	if (after) where.push(sql`${products.code} > ${after[0]}`);
	const rows = await db
		.select(productColumns)
		.from(products)
		.leftJoin(productCategories, eq(productCategories.id, products.categoryId))
		.where(and(...where))
		.orderBy(asc(products.code))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.code]);
}

/** One product with its category names, or 404. */
export async function getProduct(productId: number): Promise<ProductRow> {
	const db = await getDb();
	const [row] = await db
		.select(productColumns)
		.from(products)
		.leftJoin(productCategories, eq(productCategories.id, products.categoryId))
		.where(eq(products.id, productId));
	if (!row) throw notFound();
	return row;
}

/** A product by its code (any digits, any case), or null. */
export async function findProductByCode(productCode: string): Promise<Product | null> {
	const parsed = code.safeParse(productCode);
	if (!parsed.success) return null;
	const db = await getDb();
	const [row] = await db.select().from(products).where(eq(products.code, parsed.data));
	return row ?? null;
}

function duplicateProductCode(): AppError {
	return new AppError(409, 'duplicate_code', 'catalog.error.duplicateCode', undefined, {
		code: { key: 'catalog.error.duplicateCode' }
	});
}

async function assertCategory(categoryId: number | null | undefined): Promise<void> {
	if (categoryId === null || categoryId === undefined) return;
	const db = await getDb();
	const [row] = await db
		.select({ id: productCategories.id })
		.from(productCategories)
		.where(eq(productCategories.id, categoryId));
	if (!row) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			categoryId: { key: 'validation.invalid' }
		});
	}
}

/** Creates a product or part. */
export async function createProduct(
	input: z.infer<typeof productCreateSchema>,
	actorId: number | null
): Promise<Product> {
	await assertCategory(input.categoryId);
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(products)
				.values({ ...input, categoryId: input.categoryId ?? null, searchNorm: searchNormOf(input) })
				.returning();
			await recordMasterChange(tx, 'product', row!.id, 'created', actorId, { ...input });
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateProductCode();
		throw error;
	}
}

/** Changes a product; with `version` it refuses to overwrite a newer save by someone else. */
export async function updateProduct(
	productId: number,
	patch: z.infer<typeof productUpdateSchema>,
	actorId: number | null
): Promise<Product> {
	await assertCategory(patch.categoryId);
	const db = await getDb();
	const { version, ...fields } = patch;
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(products)
				.where(eq(products.id, productId))
				.for('update');
			if (!current) throw notFound();
			if (version !== undefined && version !== current.version) {
				throw new AppError(409, 'stale', 'catalog.error.stale');
			}
			const changes = diff(current, fields);
			if (Object.keys(changes).length === 0) return current;
			const next = { ...current, ...changes };
			const [row] = await tx
				.update(products)
				.set({
					...changes,
					searchNorm: searchNormOf(next),
					version: current.version + 1,
					updatedAt: new Date()
				})
				.where(eq(products.id, productId))
				.returning();
			await recordMasterChange(tx, 'product', productId, 'updated', actorId, changes);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateProductCode();
		throw error;
	}
}

/** Deletes a product nothing refers to; one with units, BOM use or documents is deactivated. */
export async function removeProduct(
	productId: number,
	actorId: number | null
): Promise<RemovalOutcome> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [current] = await tx
			.select({ code: products.code })
			.from(products)
			.where(eq(products.id, productId));
		if (!current) throw notFound();
		const outcome = await deleteOrDeactivate(
			tx,
			(sp) => sp.delete(products).where(eq(products.id, productId)),
			(t2) =>
				t2
					.update(products)
					.set({ active: false, version: sql`${products.version} + 1`, updatedAt: new Date() })
					.where(eq(products.id, productId))
		);
		await recordMasterChange(tx, 'product', productId, outcome, actorId, { code: current.code });
		return outcome;
	});
}

/**
 * Turns serviceability on or off for a selection and/or a whole category in one transaction.
 * Only rows whose flag actually changes are touched and counted; each gets a history row, and
 * one event carries the ids, so listeners refresh once rather than per product.
 */
export async function setServiceability(
	input: z.infer<typeof serviceabilitySchema>,
	actorId: number | null
): Promise<{ changed: number; ids: number[] }> {
	const db = await getDb();
	const ids = [...new Set(input.ids ?? [])];
	return db.transaction(async (tx) => {
		if (ids.length) {
			const found = await tx
				.select({ id: products.id })
				.from(products)
				.where(inArray(products.id, ids));
			if (found.length !== ids.length) {
				throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
					ids: { key: 'catalog.error.unknownProducts' }
				});
			}
		}
		if (input.categoryId !== undefined) {
			const [category] = await tx
				.select({ id: productCategories.id })
				.from(productCategories)
				.where(eq(productCategories.id, input.categoryId));
			if (!category) throw notFound();
		}
		const scope: SQL[] = [];
		if (ids.length) scope.push(inArray(products.id, ids));
		if (input.categoryId !== undefined) scope.push(eq(products.categoryId, input.categoryId));
		const changed = await tx
			.update(products)
			.set({
				serviceable: input.serviceable,
				version: sql`${products.version} + 1`,
				updatedAt: new Date()
			})
			.where(and(or(...scope), ne(products.serviceable, input.serviceable)))
			.returning({ id: products.id });
		const changedIds = changed.map((r) => r.id).sort((a, b) => a - b);
		if (changedIds.length) {
			await tx.insert(history).values(
				changedIds.map((productId) => ({
					entityType: 'product',
					entityId: String(productId),
					action: 'serviceability_changed',
					actorId,
					changes: { serviceable: input.serviceable }
				}))
			);
			await emitEvent(tx, {
				type: 'product.serviceability_changed',
				aggregateType: 'product',
				aggregateId: input.categoryId !== undefined ? `category:${input.categoryId}` : 'selection',
				payload: {
					serviceable: input.serviceable,
					ids: changedIds,
					categoryId: input.categoryId ?? null,
					actorId
				}
			});
		}
		return { changed: changedIds.length, ids: changedIds };
	});
}

/** Every category, by code. */
export async function listCategories(): Promise<ProductCategory[]> {
	const db = await getDb();
	return db.select().from(productCategories).orderBy(asc(productCategories.code));
}

/** Creates a product category. */
export async function createCategory(
	input: z.infer<typeof categorySchema>,
	actorId: number | null
): Promise<ProductCategory> {
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx.insert(productCategories).values(input).returning();
			await recordMasterChange(tx, 'product_category', row!.id, 'created', actorId, { ...input });
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateProductCode();
		throw error;
	}
}

/** Renames a category or changes its active flag. */
export async function updateCategory(
	categoryId: number,
	patch: Partial<z.infer<typeof categorySchema>>,
	actorId: number | null
): Promise<ProductCategory> {
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(productCategories)
				.where(eq(productCategories.id, categoryId));
			if (!current) throw notFound();
			const changes = diff(current, patch);
			if (!Object.keys(changes).length) return current;
			const [row] = await tx
				.update(productCategories)
				.set(changes)
				.where(eq(productCategories.id, categoryId))
				.returning();
			await recordMasterChange(tx, 'product_category', categoryId, 'updated', actorId, changes);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateProductCode();
		throw error;
	}
}

/** The services attached to a product or part, in catalogue order. */
export async function listProductServices(productId: number) {
	const db = await getDb();
	return db
		.select({
			id: services.id,
			code: services.code,
			nameFa: services.nameFa,
			nameEn: services.nameEn,
			active: services.active
		})
		.from(productServices)
		.innerJoin(services, eq(services.id, productServices.serviceId))
		.where(eq(productServices.productId, productId))
		.orderBy(asc(services.sortOrder), asc(services.id));
}

/** Replaces the set of services attached to a product; returns what was added and removed. */
export async function setProductServices(
	productId: number,
	serviceIds: number[],
	actorId: number | null
): Promise<{ added: number[]; removed: number[] }> {
	const db = await getDb();
	const wanted = [...new Set(serviceIds)];
	return db.transaction(async (tx) => {
		const [product] = await tx
			.select({ id: products.id })
			.from(products)
			.where(eq(products.id, productId))
			.for('update');
		if (!product) throw notFound();
		if (wanted.length) {
			const found = await tx
				.select({ id: services.id })
				.from(services)
				.where(inArray(services.id, wanted));
			if (found.length !== wanted.length) {
				throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
					serviceIds: { key: 'validation.invalid' }
				});
			}
		}
		const current = (
			await tx
				.select({ id: productServices.serviceId })
				.from(productServices)
				.where(eq(productServices.productId, productId))
		).map((r) => r.id);
		const added = wanted.filter((s) => !current.includes(s));
		const removed = current.filter((s) => !wanted.includes(s));
		if (removed.length) {
			await tx
				.delete(productServices)
				.where(
					and(eq(productServices.productId, productId), inArray(productServices.serviceId, removed))
				);
		}
		if (added.length)
			await tx.insert(productServices).values(added.map((serviceId) => ({ productId, serviceId })));
		if (added.length || removed.length) {
			await recordMasterChange(tx, 'product', productId, 'services_changed', actorId, {
				added,
				removed
			});
		}
		return { added, removed };
	});
}

/** A BOM line with its part's code, names and price. */
export interface BomLineRow {
	id: number;
	partId: number;
	partCode: string;
	partNameFa: string;
	partNameEn: string;
	partPriceRials: bigint;
	partActive: boolean;
	quantity: number;
	note: string;
}

/** The parts list (BOM) of a product, by part code; also what work logs suggest as parts. */
export async function listBom(productId: number): Promise<BomLineRow[]> {
	const db = await getDb();
	const rows = await db
		.select({
			id: bomLines.id,
			partId: bomLines.partId,
			partCode: products.code,
			partNameFa: products.nameFa,
			partNameEn: products.nameEn,
			partPriceRials: products.priceRials,
			partActive: products.active,
			quantity: bomLines.quantity,
			note: bomLines.note
		})
		.from(bomLines)
		.innerJoin(products, eq(products.id, bomLines.partId))
		.where(eq(bomLines.productId, productId))
		.orderBy(asc(products.code));
	return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

/**
 * Adds a part to a product's BOM, or changes its quantity when it is already there. Refuses a
 * non-part, the product itself, and any part whose own BOM contains the product (a loop).
 */
export async function upsertBomLine(
	productId: number,
	input: z.infer<typeof bomLineSchema>,
	actorId: number | null
): Promise<BomLineRow[]> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		const [product] = await tx
			.select({ id: products.id })
			.from(products)
			.where(eq(products.id, productId))
			.for('update');
		if (!product) throw notFound();
		const [part] = await tx
			.select()
			.from(products)
			.where(
				input.partId !== undefined
					? eq(products.id, input.partId)
					: eq(products.code, input.partCode!)
			);
		const field = input.partId !== undefined ? 'partId' : 'partCode';
		if (!part) {
			throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
				[field]: { key: 'catalog.error.unknownPart' }
			});
		}
		if (!part.isPart) {
			throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
				[field]: { key: 'catalog.error.notAPart' }
			});
		}
		const loop = await tx.execute<{ found: number }>(sql`
			with recursive tree(id) as (
				select ${part.id}::int
				union
				select b.part_id from bom_line b join tree on b.product_id = tree.id
			)
			select 1 as found from tree where id = ${productId} limit 1`);
		const loopRows = Array.isArray(loop) ? loop : (loop as { rows: unknown[] }).rows;
		if (loopRows.length) {
			throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
				[field]: { key: 'catalog.error.bomLoop' }
			});
		}
		const note = input.note ?? '';
		await tx
			.insert(bomLines)
			.values({ productId, partId: part.id, quantity: input.quantity, note })
			.onConflictDoUpdate({
				target: [bomLines.productId, bomLines.partId],
				set: { quantity: input.quantity, note }
			});
		await recordMasterChange(tx, 'product', productId, 'bom_line_set', actorId, {
			partId: part.id,
			partCode: part.code,
			quantity: input.quantity
		});
	});
	return listBom(productId);
}

/** Removes a part from a product's BOM; 404 when it is not there. */
export async function removeBomLine(
	productId: number,
	partId: number,
	actorId: number | null
): Promise<BomLineRow[]> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		const removed = await tx
			.delete(bomLines)
			.where(and(eq(bomLines.productId, productId), eq(bomLines.partId, partId)))
			.returning({ id: bomLines.id });
		if (!removed.length) throw notFound();
		await recordMasterChange(tx, 'product', productId, 'bom_line_removed', actorId, { partId });
	});
	return listBom(productId);
}

/** A product as JSON: the price (bigint Rials) as a decimal string, no internal search column. */
export function productToJson(row: Product | ProductRow): Record<string, unknown> {
	const { searchNorm: _searchNorm, ...rest } = row;
	void _searchNorm;
	return jsonSafe({ ...rest });
}

/** A BOM line as JSON. */
export function bomLineToJson(row: BomLineRow): Record<string, unknown> {
	return jsonSafe({ ...row });
}
