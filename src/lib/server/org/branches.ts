/**
 * Branches (شعبه): codes, names, contact details, weekly opening hours and holidays. Opening
 * hours plus holidays make the branch calendar that SLA due times are counted in.
 */
import { and, asc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { isoDayToJalali, jalaliToIsoDay, parseDayParts } from '#lib/domain/day-input';
import {
	fromWeeklySchedule,
	toWeeklySchedule,
	type StoredWeeklyHours
} from '#lib/domain/hours-input';
import { normalizeDigits, normalizePersian } from '#lib/domain/text';
import { DEFAULT_WEEKLY_SCHEDULE, type BranchCalendar } from '#lib/domain/working-time';
import { getDb } from '../db';
import { branchHolidays, branches, type Branch, type BranchHoliday } from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { diff, recordMasterChange } from '../catalog/changes';
import { foldedIlike } from '../catalog/definitions';
import { code, flag, nullable, optional, optionalText, text } from '../catalog/inputs';
import { decodeCursor, likeEscape, pageFields, toPage, type Page } from '../catalog/paging';

const minute = z.number().int().min(0).max(1440);

/** Opening hours per weekday ('0' = Saturday … '6' = Friday) as [start, end) minute pairs. */
export const weeklyHoursField = z
	.partialRecord(
		z.enum(['0', '1', '2', '3', '4', '5', '6']),
		z.array(z.tuple([minute, minute])).max(6)
	)
	.superRefine((value, ctx) => {
		for (const [day, intervals] of Object.entries(value)) {
			let previousEnd = 0;
			for (const [start, end] of intervals ?? []) {
				if (start >= end || start < previousEnd) {
					ctx.addIssue({ code: 'custom', path: [day], message: 'org.validation.hours' });
					break;
				}
				previousEnd = end;
			}
		}
	})
	.transform((value): StoredWeeklyHours =>
		Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, value[d as '0'] ?? []]))
	)
	.meta({
		description:
			'Weekday ("0" = Saturday … "6" = Friday) → sorted, disjoint [startMinute, endMinute) pairs; missing days are closed.'
	});

const phone = optionalText(40).transform((v) => normalizeDigits(v));

/** Input to create a branch. */
export const branchCreateSchema = z.object({
	code,
	nameFa: text(120),
	nameEn: text(120),
	city: optional(optionalText(80)),
	address: optional(optionalText(300)),
	phone: optional(phone),
	weeklyHours: optional(weeklyHoursField),
	active: optional(flag)
});

/** Input to change a branch; every field optional. */
export const branchUpdateSchema = branchCreateSchema.partial();

/** Filters of the branch list. */
export const branchListQuery = z.object({
	q: z.string().max(100).optional(),
	active: optional(flag),
	...pageFields
});

/** Throws 404 when a branch-scoped actor reaches for another branch. */
export function assertInScope(scope: number | null, branchId: number): void {
	if (scope !== null && scope !== branchId) throw notFound();
}

/** Lists branches by code; a branch-scoped actor sees only their own. */
export async function listBranches(
	scope: number | null,
	query: z.infer<typeof branchListQuery>
): Promise<Page<Branch>> {
	const db = await getDb();
	const where: (SQL | undefined)[] = [];
	if (scope !== null) where.push(eq(branches.id, scope));
	if (query.active !== undefined) where.push(eq(branches.active, query.active));
	const q = normalizePersian(query.q ?? '');
	if (q) {
		const pattern = `%${likeEscape(q)}%`;
		where.push(
			or(
				sql`lower(${branches.code}) like ${pattern}`,
				foldedIlike(branches.nameFa, q),
				sql`lower(${branches.nameEn}) like ${pattern}`,
				foldedIlike(branches.city, q)
			)
		);
	}
	const after = decodeCursor(query.cursor, ['string']);
	if (after) where.push(sql`${branches.code} > ${after[0]}`);
	const rows = await db
		.select()
		.from(branches)
		.where(and(...where))
		.orderBy(asc(branches.code))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.code]);
}

/** Every active branch the actor may see, for pickers. */
export async function listBranchOptions(
	scope: number | null
): Promise<Pick<Branch, 'id' | 'code' | 'nameFa' | 'nameEn'>[]> {
	const db = await getDb();
	return db
		.select({
			id: branches.id,
			code: branches.code,
			nameFa: branches.nameFa,
			nameEn: branches.nameEn
		})
		.from(branches)
		.where(and(eq(branches.active, true), scope !== null ? eq(branches.id, scope) : undefined))
		.orderBy(asc(branches.code));
}

/** One branch within the actor's scope, or 404. */
export async function getBranch(scope: number | null, branchId: number): Promise<Branch> {
	assertInScope(scope, branchId);
	const db = await getDb();
	const [row] = await db.select().from(branches).where(eq(branches.id, branchId));
	if (!row) throw notFound();
	return row;
}

function duplicateCode(): AppError {
	return new AppError(409, 'duplicate_code', 'catalog.error.duplicateCode', undefined, {
		code: { key: 'catalog.error.duplicateCode' }
	});
}

/** Creates a branch; only an actor not limited to one branch may. */
export async function createBranch(
	scope: number | null,
	input: z.infer<typeof branchCreateSchema>,
	actorId: number | null
): Promise<Branch> {
	if (scope !== null) throw new AppError(403, 'forbidden', 'error.forbidden');
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			// A new branch starts with the usual Iranian week rather than "closed every day".
			const weeklyHours = input.weeklyHours ?? fromWeeklySchedule(DEFAULT_WEEKLY_SCHEDULE);
			const [row] = await tx
				.insert(branches)
				.values({ ...input, weeklyHours })
				.returning();
			await recordMasterChange(
				tx,
				'branch',
				row!.id,
				'created',
				actorId,
				{ ...input, weeklyHours },
				row!.id
			);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

/** Changes a branch's details, weekly hours or active flag. */
export async function updateBranch(
	scope: number | null,
	branchId: number,
	patch: z.infer<typeof branchUpdateSchema>,
	actorId: number | null
): Promise<Branch> {
	assertInScope(scope, branchId);
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(branches)
				.where(eq(branches.id, branchId))
				.for('update');
			if (!current) throw notFound();
			const changes = diff(current, patch);
			if (
				patch.weeklyHours &&
				JSON.stringify(patch.weeklyHours) === JSON.stringify(current.weeklyHours)
			)
				delete changes.weeklyHours;
			if (!Object.keys(changes).length) return current;
			const [row] = await tx
				.update(branches)
				.set({ ...changes, updatedAt: new Date() })
				.where(eq(branches.id, branchId))
				.returning();
			await recordMasterChange(tx, 'branch', branchId, 'updated', actorId, changes, branchId);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

/** A Jalali day typed in any digits (or ISO), stored as the SQL date of that day. */
const holidayDate = z
	.string()
	.transform((v) => {
		const day = parseDayParts(v);
		return day ? jalaliToIsoDay(day) : '';
	})
	.pipe(z.string().min(1, 'catalog.validation.date'))
	.meta({ description: 'Jalali `1405/01/01` (any digits) or ISO `2026-03-21`.' });

/** Input to add a holiday; a null branch closes every branch that day. */
export const holidaySchema = z.object({
	date: holidayDate,
	title: text(120),
	branchId: nullable(z.number().int().positive())
});

/** Filters of a holiday list: a branch (its own plus the nationwide days) and a Jalali year. */
export const holidayListQuery = z.object({
	branch: optional(
		z.union([z.number(), z.string()]).transform(Number).pipe(z.number().int().positive())
	),
	year: optional(
		z
			.union([z.number(), z.string()])
			.transform((v) => Number(normalizeDigits(String(v))))
			.pipe(z.number().int().min(1300).max(1600))
	)
});

/** A holiday with its day in Jalali (`1405/01/01`) as well as ISO. */
export type HolidayRow = BranchHoliday & { jalali: string };

/**
 * Holidays by date: for a branch, its own days and the nationwide ones; without one, every
 * holiday the actor may see. A Jalali year narrows to Farvardin 1 … Esfand 29/30 of that year.
 */
export async function listHolidays(
	scope: number | null,
	query: z.infer<typeof holidayListQuery>
): Promise<HolidayRow[]> {
	if (query.branch !== undefined) assertInScope(scope, query.branch);
	const branchId = query.branch ?? scope ?? undefined;
	const db = await getDb();
	const where: (SQL | undefined)[] = [];
	if (branchId !== undefined)
		where.push(or(isNull(branchHolidays.branchId), eq(branchHolidays.branchId, branchId)));
	if (query.year !== undefined) {
		where.push(gte(branchHolidays.date, jalaliToIsoDay({ jy: query.year, jm: 1, jd: 1 })));
		where.push(lt(branchHolidays.date, jalaliToIsoDay({ jy: query.year + 1, jm: 1, jd: 1 })));
	}
	const rows = await db
		.select()
		.from(branchHolidays)
		.where(and(...where))
		.orderBy(asc(branchHolidays.date), asc(branchHolidays.id));
	return rows.map((r) => ({ ...r, jalali: isoDayToJalali(r.date) }));
}

/** Adds a holiday to one branch or (branch null, unscoped actors only) to every branch. */
export async function addHoliday(
	scope: number | null,
	input: z.infer<typeof holidaySchema>,
	actorId: number | null
): Promise<HolidayRow> {
	const branchId = input.branchId ?? null;
	if (branchId === null && scope !== null) throw new AppError(403, 'forbidden', 'error.forbidden');
	if (branchId !== null) await getBranch(scope, branchId);
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(branchHolidays)
				.values({ branchId, date: input.date, title: input.title })
				.returning();
			await recordMasterChange(
				tx,
				'branch_holiday',
				row!.id,
				'created',
				actorId,
				{ date: input.date, title: input.title, branchId },
				branchId
			);
			return { ...row!, jalali: isoDayToJalali(row!.date) };
		});
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw new AppError(409, 'duplicate_holiday', 'org.error.duplicateHoliday', undefined, {
				date: { key: 'org.error.duplicateHoliday' }
			});
		}
		throw error;
	}
}

/** Removes a holiday (they are calendar settings, not documents); 404 outside the actor's scope. */
export async function removeHoliday(
	scope: number | null,
	holidayId: number,
	actorId: number | null
): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		const [row] = await tx.select().from(branchHolidays).where(eq(branchHolidays.id, holidayId));
		if (!row) throw notFound();
		if (scope !== null && row.branchId !== scope) throw notFound();
		await tx.delete(branchHolidays).where(eq(branchHolidays.id, holidayId));
		await recordMasterChange(
			tx,
			'branch_holiday',
			holidayId,
			'deleted',
			actorId,
			{ date: row.date, title: row.title },
			row.branchId
		);
	});
}

/** The working calendar of a branch (weekly hours + its and the nationwide holidays) for SLA arithmetic. */
export async function loadBranchCalendar(branchId: number): Promise<BranchCalendar> {
	const branch = await getBranch(null, branchId);
	const holidays = await listHolidays(null, { branch: branchId });
	return { weekly: toWeeklySchedule(branch.weeklyHours), holidays: holidays.map((h) => h.jalali) };
}
