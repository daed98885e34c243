/**
 * Report filters: one zod schema shared by the pages, the REST API and the OpenAPI document.
 * Dates are Jalali or ISO days in any digits, ids in any digits; the actor's branch and agency
 * always win over what the query asks for, so an agent sees only their agency's figures.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { addMonthsToJalaliDate, fromJalali, startOfTehranDay, toJalali } from '#lib/domain/jalali';
import type { Actor } from '../auth/access';
import { day, id, int, optional } from '../catalog/inputs';
import { isoDayOf } from '../search/params';
import { fieldError } from '../service/errors';

const last = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[v.length - 1] : v);
const single = <T extends z.ZodType>(schema: T) => z.preprocess(last, schema);

/** Filters every report takes. */
export const reportFilterShape = {
	/** First day of the period (inclusive), Jalali `1405/01/01` or ISO; default: 12 months back. */
	from: single(optional(day)),
	/** Last day of the period (inclusive); default: today. */
	to: single(optional(day)),
	branchId: single(optional(id)),
	agencyId: single(optional(id)),
	technicianId: single(optional(id)),
	serviceTypeId: single(optional(id)),
	priorityId: single(optional(id))
};

export const reportFilterSchema = z.object(reportFilterShape).meta({ id: 'ReportFilters' });

/** The warranty report also takes the horizon of "expiring in the next N days". */
export const warrantyFilterSchema = z
	.object({ ...reportFilterShape, days: single(optional(int(1, 3650))) })
	.meta({ id: 'WarrantyReportFilters' });

export type ReportFilterInput = z.infer<typeof reportFilterSchema> & { days?: number };

/** Filters after defaults and the actor's scope: what every report query reads. */
export interface ReportFilters {
	from: Date;
	/** Exclusive end: the Tehran midnight after the last day. */
	toExclusive: Date;
	/** The last day itself (for display and search links). */
	to: Date;
	branchId: number | null;
	agencyId: number | null;
	technicianId: number | null;
	serviceTypeId: number | null;
	priorityId: number | null;
	/** Warranty horizon in days. */
	days: number;
	now: Date;
}

const DAY_MS = 86_400_000;

/** Applies defaults (the last 12 Jalali months up to today) and the actor's scope. */
export function resolveFilters(
	actor: Pick<Actor, 'user'>,
	input: ReportFilterInput,
	now: Date = new Date()
): ReportFilters {
	const today = startOfTehranDay(now);
	const to = input.to ?? today;
	const from =
		input.from ??
		(() => {
			const j = toJalali(to);
			const start = addMonthsToJalaliDate({ jy: j.jy, jm: j.jm, jd: 1 }, -11);
			return fromJalali(start.jy, start.jm, 1);
		})();
	if (from.getTime() > to.getTime()) throw fieldError('to', 'reports.validation.range');
	return {
		from,
		to,
		toExclusive: new Date(to.getTime() + DAY_MS),
		branchId: actor.user.branchId ?? input.branchId ?? null,
		agencyId: actor.user.agencyId ?? input.agencyId ?? null,
		technicianId: input.technicianId ?? null,
		serviceTypeId: input.serviceTypeId ?? null,
		priorityId: input.priorityId ?? null,
		days: input.days ?? 30,
		now
	};
}

/**
 * Conditions on a fact table (unqualified columns, or prefixed with `alias.`): scope and
 * dimension filters, plus the period on `dateColumn` when given.
 */
export function factConditions(
	filters: ReportFilters,
	options: { dateColumn?: string; alias?: string; skip?: (keyof ReportFilters)[] } = {}
): SQL {
	const p = options.alias ? `${options.alias}.` : '';
	const skip = new Set(options.skip ?? []);
	const out: SQL[] = [];
	const dims: [keyof ReportFilters, string][] = [
		['branchId', 'branch_id'],
		['agencyId', 'agency_id'],
		['technicianId', 'technician_id'],
		['serviceTypeId', 'service_type_id'],
		['priorityId', 'priority_id']
	];
	for (const [key, column] of dims) {
		const value = filters[key];
		if (typeof value === 'number' && !skip.has(key))
			out.push(sql`${sql.raw(p + column)} = ${value}`);
	}
	if (options.dateColumn) {
		const column = sql.raw(p + options.dateColumn);
		out.push(sql`${column} >= ${at(filters.from)}`);
		out.push(sql`${column} < ${at(filters.toExclusive)}`);
	}
	return out.length ? sql.join(out, sql` and `) : sql`true`;
}

/** An instant as an SQL timestamptz literal (validated Date, inlined). */
export function at(date: Date): SQL {
	return sql.raw(`'${date.toISOString()}'::timestamptz`);
}

/** Conditions on a daily rollup: the same dimensions, the period as Tehran days (inclusive). */
export function rollupConditions(filters: ReportFilters): SQL {
	const out: SQL[] = [
		sql`day >= ${sql.raw(`'${isoDayOf(filters.from)}'::date`)}`,
		sql`day <= ${sql.raw(`'${isoDayOf(filters.to)}'::date`)}`
	];
	const dims: [keyof ReportFilters, string][] = [
		['branchId', 'branch_id'],
		['agencyId', 'agency_id'],
		['technicianId', 'technician_id'],
		['serviceTypeId', 'service_type_id'],
		['priorityId', 'priority_id']
	];
	for (const [key, column] of dims) {
		const value = filters[key];
		if (typeof value === 'number') out.push(sql`${sql.raw(column)} = ${value}`);
	}
	return sql.join(out, sql` and `);
}

/** A Postgres date[] of month starts (Tehran days), for width_bucket over a rollup's day. */
export function monthBounds(starts: Date[]): SQL {
	return sql.raw(`array[${starts.map((d) => `'${isoDayOf(d)}'`).join(',')}]::date[]`);
}
