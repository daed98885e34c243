/**
 * The four catalogue definitions — services, work types, service types and priorities. They
 * share one shape (code, Persian and English names, active flag, sort order), so one set of
 * functions lists, edits, reorders and retires all of them.
 */
import { and, asc, eq, ilike, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { parseDurationHours } from '#lib/domain/hours-input';
import { normalizeDigits, normalizePersian } from '#lib/domain/text';
import { getDb, type Tx } from '../db';
import {
	priorities,
	serviceTypes,
	services,
	workTypes,
	type Priority,
	type Service,
	type ServiceType,
	type WorkType
} from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { deleteOrDeactivate, diff, recordMasterChange, type RemovalOutcome } from './changes';
import { code, flag, int, nullable, optional, rials, text } from './inputs';
import { decodeCursor, likeEscape, pageFields, toPage, type Page } from './paging';

export const DEFINITION_KINDS = ['service', 'work_type', 'service_type', 'priority'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];

const TABLES = {
	service: services,
	work_type: workTypes,
	service_type: serviceTypes,
	priority: priorities
};
// Every definition table has the base columns; queries on them are typed through the plainest.
type BaseTable = typeof workTypes;
const tableOf = (kind: DefinitionKind) => TABLES[kind] as unknown as BaseTable;

/** A definition row of any kind; kind-specific columns are present only on their kind. */
export type Definition = WorkType &
	Partial<Pick<Service, 'standardMinutes' | 'labourRials'>> &
	Partial<Pick<ServiceType, 'chargeable'>> &
	Partial<Pick<Priority, 'slaResponseMinutes' | 'slaResolutionMinutes' | 'colour'>>;

// SLA targets: JSON sends whole minutes; forms send working hours as typed ("4", "4:30", "۱٫۵").
const slaMinutes = z
	.union([z.number(), z.string()])
	.transform((v) => (typeof v === 'string' ? (parseDurationHours(v) ?? Number.NaN) : v))
	.pipe(
		z
			.number({ message: 'catalog.validation.duration' })
			.int('catalog.validation.duration')
			.positive('catalog.validation.duration')
			.max(525_600, 'catalog.validation.duration')
	)
	.meta({
		description: 'Working minutes (JSON number), or working hours as text: `4`, `4:30`, `1.5`.'
	});
const colour = z
	.string()
	.transform((v) => normalizeDigits(v).trim().toLowerCase())
	.pipe(z.string().regex(/^#[0-9a-f]{6}$/, 'catalog.validation.colour'));

const base = { code, nameFa: text(120), nameEn: text(120), active: optional(flag) };
const extras = {
	service: { standardMinutes: nullable(int(1, 100_000)), labourRials: optional(rials) },
	work_type: {},
	service_type: { chargeable: optional(flag) },
	priority: {
		slaResponseMinutes: slaMinutes,
		slaResolutionMinutes: slaMinutes,
		colour: optional(colour)
	}
};

/** Input to create a definition of each kind. */
export const definitionCreateSchemas = {
	service: z.object({ ...base, ...extras.service }),
	work_type: z.object(base),
	service_type: z.object({ ...base, ...extras.service_type }),
	priority: z.object({ ...base, ...extras.priority })
};

/** Input to change a definition of each kind; every field optional. */
export const definitionUpdateSchemas = {
	service: definitionCreateSchemas.service.partial(),
	work_type: definitionCreateSchemas.work_type.partial(),
	service_type: definitionCreateSchemas.service_type.partial(),
	priority: definitionCreateSchemas.priority.partial()
};

/** Filters of a definition list. */
export const definitionListQuery = z.object({
	q: z.string().max(100).optional(),
	active: optional(flag),
	...pageFields
});

type CreateInput = z.infer<(typeof definitionCreateSchemas)[DefinitionKind]>;
type UpdateInput = z.infer<(typeof definitionUpdateSchemas)[DefinitionKind]>;

/** Persian-insensitive match of a name column: folds Arabic ي/ك in SQL as normalizePersian does in TS. */
export function foldedIlike(column: SQL | AnyColumn, needle: string): SQL {
	return sql`translate(lower(${column}), 'يكىۀة', 'یکیهه') ilike ${`%${likeEscape(needle)}%`}`;
}

/** Lists definitions of a kind in their display order, optionally filtered by text and state. */
export async function listDefinitions(
	kind: DefinitionKind,
	query: z.infer<typeof definitionListQuery>
): Promise<Page<Definition>> {
	const db = await getDb();
	const t = tableOf(kind);
	const where: SQL[] = [];
	if (query.active !== undefined) where.push(eq(t.active, query.active));
	const q = query.q ? normalizePersian(query.q) : '';
	if (q)
		where.push(
			or(
				ilike(t.code, `%${likeEscape(q)}%`),
				foldedIlike(t.nameFa, q),
				ilike(t.nameEn, `%${likeEscape(q)}%`)
			)!
		);
	const after = decodeCursor(query.cursor, ['number', 'number']);
	if (after) where.push(sql`(${t.sortOrder}, ${t.id}) > (${after[0]}, ${after[1]})`);
	const rows = (await db
		.select()
		.from(t)
		.where(and(...where))
		.orderBy(asc(t.sortOrder), asc(t.id))
		.limit(query.limit + 1)) as Definition[];
	return toPage(rows, query.limit, (r) => [r.sortOrder, r.id]);
}

/** Every active definition of a kind, in order, for pickers. */
export async function listActiveDefinitions(kind: DefinitionKind): Promise<Definition[]> {
	const db = await getDb();
	const t = tableOf(kind);
	return (await db
		.select()
		.from(t)
		.where(eq(t.active, true))
		.orderBy(asc(t.sortOrder), asc(t.id))) as Definition[];
}

/** One definition, or 404. */
export async function getDefinition(kind: DefinitionKind, id: number): Promise<Definition> {
	const db = await getDb();
	const t = tableOf(kind);
	const [row] = await db.select().from(t).where(eq(t.id, id));
	if (!row) throw notFound();
	return row as Definition;
}

function duplicateCode(): AppError {
	return new AppError(409, 'duplicate_code', 'catalog.error.duplicateCode', undefined, {
		code: { key: 'catalog.error.duplicateCode' }
	});
}

function checkSla(row: { slaResponseMinutes?: number; slaResolutionMinutes?: number }): void {
	if (
		row.slaResponseMinutes !== undefined &&
		row.slaResolutionMinutes !== undefined &&
		row.slaResolutionMinutes < row.slaResponseMinutes
	) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			slaResolutionMinutes: { key: 'catalog.validation.slaOrder' }
		});
	}
}

/** Creates a definition at the end of its kind's order. */
export async function createDefinition(
	kind: DefinitionKind,
	input: CreateInput,
	actorId: number | null
): Promise<Definition> {
	checkSla(input as { slaResponseMinutes?: number; slaResolutionMinutes?: number });
	const db = await getDb();
	const t = tableOf(kind);
	try {
		return await db.transaction(async (tx) => {
			const [{ next }] = await tx
				.select({ next: sql<number>`coalesce(max(${t.sortOrder}), 0)::int + 1` })
				.from(t);
			const [row] = (await tx
				.insert(t)
				.values({ ...input, sortOrder: next } as BaseTable['$inferInsert'])
				.returning()) as Definition[];
			await recordMasterChange(tx, kind, row!.id, 'created', actorId, { ...input });
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

/** Changes a definition's fields (names, code, targets, active flag). */
export async function updateDefinition(
	kind: DefinitionKind,
	id: number,
	patch: UpdateInput,
	actorId: number | null
): Promise<Definition> {
	const db = await getDb();
	const t = tableOf(kind);
	try {
		return await db.transaction(async (tx) => {
			const [current] = (await tx
				.select()
				.from(t)
				.where(eq(t.id, id))
				.for('update')) as Definition[];
			if (!current) throw notFound();
			checkSla({ ...current, ...(patch as object) } as {
				slaResponseMinutes?: number;
				slaResolutionMinutes?: number;
			});
			const changes = diff(current, patch as Record<string, unknown>);
			if (Object.keys(changes).length === 0) return current;
			const [row] = (await tx
				.update(t)
				.set({ ...changes, updatedAt: new Date() } as Partial<BaseTable['$inferInsert']>)
				.where(eq(t.id, id))
				.returning()) as Definition[];
			const action =
				Object.keys(changes).length === 1 && 'active' in changes
					? changes.active
						? 'activated'
						: 'deactivated'
					: 'updated';
			await recordMasterChange(tx, kind, id, action, actorId, changes);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

async function writeOrder(
	tx: Tx,
	kind: DefinitionKind,
	ordered: number[],
	actorId: number | null
): Promise<void> {
	const t = tableOf(kind);
	const current = await tx
		.select({ id: t.id, sortOrder: t.sortOrder })
		.from(t)
		.orderBy(asc(t.sortOrder), asc(t.id))
		.for('update');
	const known = new Set(current.map((r) => r.id));
	const unknown = ordered.filter((i) => !known.has(i));
	if (unknown.length) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			ids: { key: 'validation.invalid' }
		});
	}
	const mentioned = new Set(ordered);
	// Rows the caller did not mention keep their relative order after the ones it did.
	const finalOrder = [...ordered, ...current.map((r) => r.id).filter((i) => !mentioned.has(i))];
	const position = new Map(current.map((r) => [r.id, r.sortOrder]));
	for (const [index, rowId] of finalOrder.entries()) {
		if (position.get(rowId) !== index + 1) {
			await tx
				.update(t)
				.set({ sortOrder: index + 1 })
				.where(eq(t.id, rowId));
		}
	}
	await recordMasterChange(tx, kind, 'all', 'reordered', actorId, { order: finalOrder });
}

/** Puts definitions in the given order (ids first to last); unmentioned ones follow as they were. */
export async function reorderDefinitions(
	kind: DefinitionKind,
	ids: number[],
	actorId: number | null
): Promise<Definition[]> {
	const db = await getDb();
	await db.transaction((tx) => writeOrder(tx, kind, [...new Set(ids)], actorId));
	return (await listDefinitions(kind, { limit: 200 })).items;
}

/** Moves one definition a place up or down in its kind's order. */
export async function moveDefinition(
	kind: DefinitionKind,
	id: number,
	direction: 'up' | 'down',
	actorId: number | null
): Promise<void> {
	const db = await getDb();
	const t = tableOf(kind);
	await db.transaction(async (tx) => {
		const ids = (await tx.select({ id: t.id }).from(t).orderBy(asc(t.sortOrder), asc(t.id))).map(
			(r) => r.id
		);
		const index = ids.indexOf(id);
		if (index < 0) throw notFound();
		const other = direction === 'up' ? index - 1 : index + 1;
		if (other < 0 || other >= ids.length) return;
		[ids[index], ids[other]] = [ids[other]!, ids[index]!];
		await writeOrder(tx, kind, ids, actorId);
	});
}

/** Deletes a definition nothing refers to; one that is referenced is deactivated instead. */
export async function removeDefinition(
	kind: DefinitionKind,
	id: number,
	actorId: number | null
): Promise<RemovalOutcome> {
	const db = await getDb();
	const t = tableOf(kind);
	return db.transaction(async (tx) => {
		const [current] = await tx.select({ id: t.id, code: t.code }).from(t).where(eq(t.id, id));
		if (!current) throw notFound();
		const outcome = await deleteOrDeactivate(
			tx,
			(sp) => sp.delete(t).where(eq(t.id, id)),
			(tx2) => tx2.update(t).set({ active: false, updatedAt: new Date() }).where(eq(t.id, id))
		);
		await recordMasterChange(tx, kind, id, outcome, actorId, { code: current.code });
		return outcome;
	});
}

/** A definition as JSON: amounts (bigint Rials) as decimal strings. */
export function definitionToJson(row: Definition): Record<string, unknown> {
	return {
		...row,
		...(row.labourRials !== undefined ? { labourRials: row.labourRials.toString() } : {})
	};
}
