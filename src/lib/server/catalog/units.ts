/** Units: physical items (product + serial), their sale date and current owner; form, API and CSV import. */
import { and, desc, eq, inArray, like, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { MessageKey } from '#lib/i18n';
import { parseDayInput } from '#lib/domain/day-input';
import { normalizeMobile } from '#lib/domain/mobile';
import { normalizePersian, normalizeSerial } from '#lib/domain/text';
import { getDb, type Executor } from '../db';
import { customers, history, products, units, users, type Unit } from '../db/schema';
import { emitEvent } from '../events/record';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { findCustomerByMobile, insertCustomer, mobileField } from '../crm/customers';
import { diff, recordMasterChange } from './changes';
import { parseCsv } from './csv';
import { code, day, id, nullable, optional, text } from './inputs';
import { decodeCursor, likeEscape, pageFields, toPage, type Page } from './paging';

/** Input to register a unit; the product by id or code, the owner by id or mobile. */
export const unitCreateSchema = z
	.object({
		productId: optional(id),
		productCode: optional(code),
		serial: text(80),
		saleDate: nullable(day),
		activationDate: nullable(day),
		ownerId: nullable(id),
		ownerMobile: optional(mobileField)
	})
	.refine((v) => v.productId !== undefined || v.productCode !== undefined, {
		path: ['productCode'],
		message: 'validation.required'
	});

/** Input to correct a unit's serial or dates, or to change its owner. */
export const unitUpdateSchema = z.object({
	serial: optional(text(80)),
	saleDate: nullable(day),
	activationDate: nullable(day),
	ownerId: nullable(id),
	ownerMobile: optional(mobileField)
});

/** Filters of the unit list: serial (any digits, separators ignored), product, owner. */
export const unitListQuery = z.object({
	q: z.string().max(100).optional(),
	product: optional(id),
	owner: optional(id),
	...pageFields
});

/** A unit with its product's code and names and its owner's name and mobile. */
export type UnitRow = Unit & {
	productCode: string;
	productNameFa: string;
	productNameEn: string;
	ownerName: string | null;
	ownerMobile: string | null;
};

const unitColumns = {
	id: units.id,
	productId: units.productId,
	serial: units.serial,
	serialNorm: units.serialNorm,
	saleDate: units.saleDate,
	activationDate: units.activationDate,
	ownerId: units.ownerId,
	replacesUnitId: units.replacesUnitId,
	createdAt: units.createdAt,
	updatedAt: units.updatedAt,
	productCode: products.code,
	productNameFa: products.nameFa,
	productNameEn: products.nameEn,
	ownerName: customers.name,
	ownerMobile: customers.mobile
};

function selectUnits(db: Executor) {
	return db
		.select(unitColumns)
		.from(units)
		.innerJoin(products, eq(products.id, units.productId))
		.leftJoin(customers, eq(customers.id, units.ownerId));
}

/** Lists units, newest first, by serial (exact or its beginning), product and owner. */
export async function listUnits(query: z.infer<typeof unitListQuery>): Promise<Page<UnitRow>> {
	const db = await getDb();
	const where: (SQL | undefined)[] = [];
	if (query.product !== undefined) where.push(eq(units.productId, query.product));
	if (query.owner !== undefined) where.push(eq(units.ownerId, query.owner));
	const serial = normalizeSerial(query.q ?? '');
	if (serial)
		where.push(or(eq(units.serialNorm, serial), like(units.serialNorm, `${likeEscape(serial)}%`)));
	const after = decodeCursor(query.cursor, ['number']);
	if (after) where.push(lt(units.id, after[0] as number));
	const rows = await selectUnits(db)
		.where(and(...where))
		.orderBy(desc(units.id))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.id]);
}

/** One unit with product and owner, or 404. */
export async function getUnit(unitId: number): Promise<UnitRow> {
	const db = await getDb();
	const [row] = await selectUnits(db).where(eq(units.id, unitId));
	if (!row) throw notFound();
	return row;
}

function invalid(
	field: string,
	key: MessageKey,
	params?: Record<string, string | number>
): AppError {
	return new AppError(422, 'validation_failed', 'error.validation', undefined, {
		[field]: { key, params }
	});
}

function duplicateSerial(existingId: number): AppError {
	return new AppError(
		409,
		'duplicate_serial',
		'catalog.error.duplicateSerial',
		undefined,
		{ serial: { key: 'catalog.error.duplicateSerial' } },
		{ existing: { id: existingId } }
	);
}

async function resolveOwner(
	tx: Executor,
	input: { ownerId?: number | null; ownerMobile?: string }
): Promise<number | null | undefined> {
	if (input.ownerMobile !== undefined) {
		const customer = await findCustomerByMobile(input.ownerMobile, tx);
		if (!customer) throw invalid('ownerMobile', 'catalog.import.unknownOwner');
		return customer.id;
	}
	if (input.ownerId === undefined || input.ownerId === null) return input.ownerId;
	const [row] = await tx
		.select({ id: customers.id })
		.from(customers)
		.where(eq(customers.id, input.ownerId));
	if (!row) throw invalid('ownerId', 'validation.invalid');
	return row.id;
}

/** Registers a unit; the same serial (in any digits or spacing) twice for one product is a 409. */
export async function createUnit(
	input: z.infer<typeof unitCreateSchema>,
	actorId: number | null
): Promise<UnitRow> {
	const db = await getDb();
	const serialNorm = normalizeSerial(input.serial);
	if (!serialNorm) throw invalid('serial', 'validation.required');
	let unitId: number;
	try {
		unitId = await db.transaction(async (tx) => {
			const [product] = await tx
				.select({ id: products.id })
				.from(products)
				.where(
					input.productId !== undefined
						? eq(products.id, input.productId)
						: eq(products.code, input.productCode!)
				);
			if (!product)
				throw invalid(
					input.productId !== undefined ? 'productId' : 'productCode',
					'catalog.error.unknownProduct'
				);
			const [existing] = await tx
				.select({ id: units.id })
				.from(units)
				.where(and(eq(units.productId, product.id), eq(units.serialNorm, serialNorm)));
			if (existing) throw duplicateSerial(existing.id);
			const ownerId = await resolveOwner(tx, input);
			const [row] = await tx
				.insert(units)
				.values({
					productId: product.id,
					serial: input.serial,
					serialNorm,
					saleDate: input.saleDate ?? null,
					activationDate: input.activationDate ?? null,
					ownerId: ownerId ?? null
				})
				.returning();
			await recordMasterChange(tx, 'unit', row!.id, 'created', actorId, {
				productId: product.id,
				serial: row!.serial,
				ownerId: row!.ownerId
			});
			return row!.id;
		});
	} catch (error) {
		if (isUniqueViolation(error))
			throw new AppError(409, 'duplicate_serial', 'catalog.error.duplicateSerial');
		throw error;
	}
	return getUnit(unitId);
}

/** Corrects a unit's serial or dates or changes its owner; an owner change is kept in history. */
export async function updateUnit(
	unitId: number,
	patch: z.infer<typeof unitUpdateSchema>,
	actorId: number | null
): Promise<UnitRow> {
	const db = await getDb();
	try {
		await db.transaction(async (tx) => {
			const [current] = await tx.select().from(units).where(eq(units.id, unitId)).for('update');
			if (!current) throw notFound();
			const ownerId = await resolveOwner(tx, patch);
			const fields: Record<string, unknown> = {
				saleDate: patch.saleDate,
				activationDate: patch.activationDate,
				ownerId
			};
			if (patch.serial !== undefined) {
				const serialNorm = normalizeSerial(patch.serial);
				if (!serialNorm) throw invalid('serial', 'validation.required');
				if (serialNorm !== current.serialNorm) {
					const [clash] = await tx
						.select({ id: units.id })
						.from(units)
						.where(and(eq(units.productId, current.productId), eq(units.serialNorm, serialNorm)));
					if (clash) throw duplicateSerial(clash.id);
				}
				Object.assign(fields, { serial: patch.serial, serialNorm });
			}
			const changes = diff(current, fields);
			if (!Object.keys(changes).length) return;
			await tx
				.update(units)
				.set({ ...changes, updatedAt: new Date() })
				.where(eq(units.id, unitId));
			const action =
				Object.keys(changes).length === 1 && 'ownerId' in changes ? 'owner_changed' : 'updated';
			await recordMasterChange(tx, 'unit', unitId, action, actorId, {
				...changes,
				...('ownerId' in changes ? { previousOwnerId: current.ownerId } : {})
			});
		});
	} catch (error) {
		if (isUniqueViolation(error))
			throw new AppError(409, 'duplicate_serial', 'catalog.error.duplicateSerial');
		throw error;
	}
	return getUnit(unitId);
}

/** One problem found in an import file: the line, the column, and the message to show. */
export interface ImportRowError {
	line: number;
	field: 'productCode' | 'serial' | 'saleDate' | 'ownerMobile' | 'ownerName' | 'file';
	key: MessageKey;
	params?: Record<string, string | number>;
}

/** Outcome of a unit import: every row created, or nothing and the reasons. */
export type UnitImportResult =
	| { ok: true; created: number; customersCreated: number }
	| { ok: false; errors: ImportRowError[]; rows: number };

/** Most rows one synchronous import takes; bigger files belong to a background job. */
export const MAX_IMPORT_ROWS = 5000;

const COLUMN_NAMES: Record<Exclude<ImportRowError['field'], 'file'>, string[]> = {
	productCode: [
		'product_code',
		'productcode',
		'product',
		'code',
		'کد کالا',
		'کد محصول',
		'کالا',
		'محصول'
	],
	serial: ['serial', 'serial_number', 'serialnumber', 'سریال', 'شماره سریال'],
	saleDate: ['sale_date', 'saledate', 'date', 'تاریخ فروش', 'تاریخ'],
	ownerMobile: [
		'owner_mobile',
		'ownermobile',
		'mobile',
		'موبایل',
		'موبایل مالک',
		'تلفن همراه',
		'شماره همراه'
	],
	ownerName: ['owner_name', 'ownername', 'name', 'owner', 'نام', 'نام مالک', 'مالک']
};
const POSITIONAL = ['productCode', 'serial', 'saleDate', 'ownerMobile', 'ownerName'] as const;
type Column = (typeof POSITIONAL)[number];

/** Maps a header row to columns; null when the first row is data (columns in the documented order). */
function headerColumns(cells: string[]): (Column | null)[] | null {
	const mapped = cells.map((cell) => {
		const name = normalizePersian(cell).replace(/\s+/g, ' ');
		return (Object.entries(COLUMN_NAMES).find(([, names]) => names.includes(name))?.[0] ??
			null) as Column | null;
	});
	return mapped.includes('serial') ? mapped : null;
}

interface PlannedRow {
	line: number;
	productId: number;
	serial: string;
	serialNorm: string;
	saleDate: Date | null;
	ownerMobile: string | null;
	ownerName: string;
}

/**
 * Imports units from CSV (product code, serial, sale date, owner mobile, optional owner name),
 * all or nothing: every row is checked first — unknown product, missing serial, duplicate in
 * the file or already registered, bad date, bad or unknown mobile — and only a clean file is
 * written, in one transaction. An unknown mobile with a name creates that customer.
 */
export async function importUnits(csv: string, actorId: number | null): Promise<UnitImportResult> {
	const records = parseCsv(csv);
	const columns = records.length ? headerColumns(records[0]!.cells) : null;
	const dataRows = columns ? records.slice(1) : records;
	if (!dataRows.length)
		return {
			ok: false,
			rows: 0,
			errors: [{ line: 1, field: 'file', key: 'catalog.import.empty' }]
		};
	if (dataRows.length > MAX_IMPORT_ROWS) {
		return {
			ok: false,
			rows: dataRows.length,
			errors: [
				{ line: 1, field: 'file', key: 'catalog.import.tooMany', params: { max: MAX_IMPORT_ROWS } }
			]
		};
	}
	const layout = columns ?? [...POSITIONAL];
	const cell = (cells: string[], column: Column) => {
		const index = layout.indexOf(column);
		return index >= 0 ? (cells[index] ?? '').trim() : '';
	};

	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const errors: ImportRowError[] = [];
			const codes = [
				...new Set(
					dataRows
						.map((r) => code.safeParse(cell(r.cells, 'productCode')))
						.flatMap((p) => (p.success ? [p.data] : []))
				)
			];
			const productRows = codes.length
				? await tx
						.select({ id: products.id, code: products.code })
						.from(products)
						.where(inArray(products.code, codes))
				: [];
			const productByCode = new Map(productRows.map((p) => [p.code, p.id]));

			const planned: PlannedRow[] = [];
			const seen = new Map<string, number>();
			for (const { line, cells } of dataRows) {
				const rowErrors: ImportRowError[] = [];
				const rawCode = cell(cells, 'productCode');
				const parsedCode = code.safeParse(rawCode);
				const productId = parsedCode.success ? productByCode.get(parsedCode.data) : undefined;
				if (!rawCode) rowErrors.push({ line, field: 'productCode', key: 'validation.required' });
				else if (productId === undefined)
					rowErrors.push({
						line,
						field: 'productCode',
						key: 'catalog.import.unknownProduct',
						params: { code: rawCode }
					});
				const serial = cell(cells, 'serial');
				const serialNorm = normalizeSerial(serial);
				if (!serialNorm) rowErrors.push({ line, field: 'serial', key: 'validation.required' });
				else if (productId !== undefined) {
					const key = `${productId}:${serialNorm}`;
					const firstLine = seen.get(key);
					if (firstLine !== undefined)
						rowErrors.push({
							line,
							field: 'serial',
							key: 'catalog.import.duplicateInFile',
							params: { line: firstLine }
						});
					else seen.set(key, line);
				}
				const rawDate = cell(cells, 'saleDate');
				const saleDate = rawDate ? parseDayInput(rawDate) : null;
				if (rawDate && !saleDate)
					rowErrors.push({ line, field: 'saleDate', key: 'catalog.validation.date' });
				const rawMobile = cell(cells, 'ownerMobile');
				const mobile = rawMobile ? normalizeMobile(rawMobile) : null;
				if (mobile && !mobile.ok)
					rowErrors.push({ line, field: 'ownerMobile', key: 'validation.mobile' });
				if (rowErrors.length) errors.push(...rowErrors);
				else {
					planned.push({
						line,
						productId: productId!,
						serial,
						serialNorm,
						saleDate,
						ownerMobile: mobile?.ok ? mobile.value : null,
						ownerName: cell(cells, 'ownerName')
					});
				}
			}

			const serialNorms = [...new Set(planned.map((p) => p.serialNorm))];
			const existing = serialNorms.length
				? await tx
						.select({ productId: units.productId, serialNorm: units.serialNorm })
						.from(units)
						.where(inArray(units.serialNorm, serialNorms))
				: [];
			const taken = new Set(existing.map((e) => `${e.productId}:${e.serialNorm}`));
			for (const p of planned) {
				if (taken.has(`${p.productId}:${p.serialNorm}`))
					errors.push({
						line: p.line,
						field: 'serial',
						key: 'catalog.import.exists',
						params: { serial: p.serial }
					});
			}

			const mobiles = [...new Set(planned.flatMap((p) => (p.ownerMobile ? [p.ownerMobile] : [])))];
			const knownOwners = mobiles.length
				? await tx
						.select({ id: customers.id, mobile: customers.mobile })
						.from(customers)
						.where(inArray(customers.mobile, mobiles))
				: [];
			const ownerByMobile = new Map(knownOwners.map((c) => [c.mobile, c.id]));
			const newOwnerNames = new Map<string, string>();
			for (const p of planned) {
				if (!p.ownerMobile || ownerByMobile.has(p.ownerMobile)) continue;
				if (p.ownerName) {
					if (!newOwnerNames.has(p.ownerMobile)) newOwnerNames.set(p.ownerMobile, p.ownerName);
				} else
					errors.push({ line: p.line, field: 'ownerMobile', key: 'catalog.import.unknownOwner' });
			}

			if (errors.length) {
				errors.sort((a, b) => a.line - b.line);
				return { ok: false as const, errors, rows: dataRows.length };
			}

			for (const [mobile, name] of newOwnerNames) {
				const created = await insertCustomer(tx, { name, mobile }, actorId);
				ownerByMobile.set(mobile, created.id);
			}
			const createdIds: number[] = [];
			for (let i = 0; i < planned.length; i += 500) {
				const chunk = planned.slice(i, i + 500);
				const rows = await tx
					.insert(units)
					.values(
						chunk.map((p) => ({
							productId: p.productId,
							serial: p.serial,
							serialNorm: p.serialNorm,
							saleDate: p.saleDate,
							ownerId: p.ownerMobile ? (ownerByMobile.get(p.ownerMobile) ?? null) : null
						}))
					)
					.returning({ id: units.id });
				createdIds.push(...rows.map((r) => r.id));
				await tx.insert(history).values(
					rows.map((r) => ({
						entityType: 'unit',
						entityId: String(r.id),
						action: 'imported',
						actorId,
						changes: {}
					}))
				);
			}
			await emitEvent(tx, {
				type: 'unit.imported',
				aggregateType: 'unit',
				aggregateId: 'import',
				payload: {
					count: createdIds.length,
					firstId: createdIds[0] ?? null,
					lastId: createdIds.at(-1) ?? null,
					actorId
				}
			});
			return {
				ok: true as const,
				created: createdIds.length,
				customersCreated: newOwnerNames.size
			};
		});
	} catch (error) {
		// Someone registered one of these serials between the check and the insert.
		if (isUniqueViolation(error)) {
			return {
				ok: false,
				rows: dataRows.length,
				errors: [{ line: 1, field: 'file', key: 'catalog.import.conflict' }]
			};
		}
		throw error;
	}
}

/** One change of a unit's owner as its history records it: when, by whom, from whom to whom. */
export interface UnitOwnerChange {
	at: Date;
	actorName: string | null;
	from: { id: number; name: string } | null;
	to: { id: number; name: string } | null;
}

/** The unit's owners over time, newest first, read from its history (registration included). */
export async function listUnitOwnerChanges(unitId: number): Promise<UnitOwnerChange[]> {
	const db = await getDb();
	const rows = await db
		.select({
			action: history.action,
			changes: history.changes,
			at: history.createdAt,
			actorName: users.displayName
		})
		.from(history)
		.leftJoin(users, eq(users.id, history.actorId))
		.where(and(eq(history.entityType, 'unit'), eq(history.entityId, String(unitId))))
		.orderBy(desc(history.id))
		.limit(200);
	const asId = (v: unknown) => (typeof v === 'number' ? v : null);
	const changes = rows
		.filter((r) => 'ownerId' in r.changes && (r.action !== 'created' || r.changes.ownerId))
		.map((r) => ({
			at: r.at,
			actorName: r.actorName,
			fromId: r.action === 'created' ? null : asId(r.changes.previousOwnerId),
			toId: asId(r.changes.ownerId)
		}));
	const ids = [...new Set(changes.flatMap((c) => [c.fromId, c.toId]).filter((v) => v !== null))];
	const names = ids.length
		? await db
				.select({ id: customers.id, name: customers.name })
				.from(customers)
				.where(inArray(customers.id, ids))
		: [];
	const named = (id: number | null) =>
		id === null ? null : (names.find((n) => n.id === id) ?? null);
	return changes.map((c) => ({
		at: c.at,
		actorName: c.actorName,
		from: named(c.fromId),
		to: named(c.toId)
	}));
}

/** A unit as JSON, without the internal normalised serial. */
export function unitToJson(row: UnitRow): Record<string, unknown> {
	const { serialNorm: _serialNorm, ...rest } = row;
	void _serialNorm;
	return rest;
}
