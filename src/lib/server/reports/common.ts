/**
 * What the report modules share: display names of the ids in their rows, /search links carrying
 * the report's filters, percentiles, and the Jalali months of a period.
 */
import { inArray } from 'drizzle-orm';
import { formatJalaliDate, fromJalali, toJalali } from '#lib/domain/jalali';
import { toPersianDigits } from '#lib/domain/text';
import type { Locale } from '#lib/i18n';
import { getDb } from '../db';
import { agencies, branches, priorities, products, serviceTypes, users } from '../db/schema';
import { isoDayOf, toQueryString, type SearchKind } from '../search/params';
import type { ReportFilters } from './filters';

export type NameKind = 'technician' | 'branch' | 'agency' | 'priority' | 'serviceType' | 'product';

/** Display names of ids per kind, in the locale. */
export async function loadNames(
	locale: Locale,
	ids: Partial<Record<NameKind, Iterable<number | null>>>
): Promise<(kind: NameKind, id: number | null) => string> {
	const db = await getDb();
	const list = (kind: NameKind) =>
		[
			...new Set([...(ids[kind] ?? [])].filter((v): v is number => typeof v === 'number'))
		] as number[];
	const maps = new Map<NameKind, Map<number, string>>();
	const fill = (kind: NameKind, rows: { id: number; fa: string; en: string }[]) =>
		maps.set(kind, new Map(rows.map((r) => [r.id, locale === 'fa' ? r.fa : r.en])));
	const technicians = list('technician');
	if (technicians.length) {
		const rows = await db
			.select({ id: users.id, name: users.displayName })
			.from(users)
			.where(inArray(users.id, technicians));
		fill(
			'technician',
			rows.map((r) => ({ id: r.id, fa: r.name, en: r.name }))
		);
	}
	const branchIds = list('branch');
	if (branchIds.length)
		fill(
			'branch',
			await db
				.select({ id: branches.id, fa: branches.nameFa, en: branches.nameEn })
				.from(branches)
				.where(inArray(branches.id, branchIds))
		);
	const agencyIds = list('agency');
	if (agencyIds.length) {
		const rows = await db
			.select({ id: agencies.id, name: agencies.name })
			.from(agencies)
			.where(inArray(agencies.id, agencyIds));
		fill(
			'agency',
			rows.map((r) => ({ id: r.id, fa: r.name, en: r.name }))
		);
	}
	const priorityIds = list('priority');
	if (priorityIds.length)
		fill(
			'priority',
			await db
				.select({ id: priorities.id, fa: priorities.nameFa, en: priorities.nameEn })
				.from(priorities)
				.where(inArray(priorities.id, priorityIds))
		);
	const typeIds = list('serviceType');
	if (typeIds.length)
		fill(
			'serviceType',
			await db
				.select({ id: serviceTypes.id, fa: serviceTypes.nameFa, en: serviceTypes.nameEn })
				.from(serviceTypes)
				.where(inArray(serviceTypes.id, typeIds))
		);
	const productIds = list('product');
	if (productIds.length)
		fill(
			'product',
			await db
				.select({ id: products.id, fa: products.nameFa, en: products.nameEn })
				.from(products)
				.where(inArray(products.id, productIds))
		);
	return (kind, id) => {
		if (id === null) return '—';
		return maps.get(kind)?.get(id) ?? `#${locale === 'fa' ? toPersianDigits(id) : id}`;
	};
}

/** Which date filter of a search page matches the report's period. */
export type PeriodField = 'received' | 'ordered' | 'logged' | null;

/**
 * The /search URL listing what a figure counts: the report's dimension filters, its period on
 * the matching date field, and the figure's own conditions (`extra`, which win).
 */
export function searchLink(
	kind: SearchKind,
	filters: ReportFilters,
	period: PeriodField,
	extra: Record<string, unknown> = {}
): string {
	const params: Record<string, unknown> = {
		branchId: filters.branchId ?? undefined,
		agencyId: filters.agencyId ?? undefined,
		technicianId: filters.technicianId ?? undefined,
		serviceTypeId: filters.serviceTypeId ?? undefined,
		priorityId: filters.priorityId ?? undefined
	};
	if (period) {
		params[`${period}From`] = isoDayOf(filters.from);
		params[`${period}To`] = isoDayOf(filters.to);
	}
	Object.assign(params, extra);
	const query = toQueryString(params);
	return `/search/${kind}${query ? `?${query}` : ''}`;
}

/** Continuous percentile (as PostgreSQL's percentile_cont) of sorted values; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
	if (!sorted.length) return null;
	const rank = p * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export interface JalaliMonth {
	/** `1405/01` */
	key: string;
	start: Date;
	end: Date;
	label: string;
}

const MONTH_NAMES_EN = [
	'Farvardin',
	'Ordibehesht',
	'Khordad',
	'Tir',
	'Mordad',
	'Shahrivar',
	'Mehr',
	'Aban',
	'Azar',
	'Dey',
	'Bahman',
	'Esfand'
];
const MONTH_NAMES_FA = [
	'فروردین',
	'اردیبهشت',
	'خرداد',
	'تیر',
	'مرداد',
	'شهریور',
	'مهر',
	'آبان',
	'آذر',
	'دی',
	'بهمن',
	'اسفند'
];

/** The Jalali months the period touches, oldest first (at most 36). */
export function monthsOf(filters: ReportFilters, locale: Locale): JalaliMonth[] {
	const out: JalaliMonth[] = [];
	const first = toJalali(filters.from);
	let jy = first.jy;
	let jm = first.jm;
	while (out.length < 36) {
		const start = fromJalali(jy, jm, 1);
		if (start.getTime() >= filters.toExclusive.getTime()) break;
		const nextY = jm === 12 ? jy + 1 : jy;
		const nextM = jm === 12 ? 1 : jm + 1;
		const key = formatJalaliDate({ jy, jm, jd: 1 }).slice(0, 7);
		const label =
			locale === 'fa'
				? `${MONTH_NAMES_FA[jm - 1]} ${toPersianDigits(jy)}`
				: `${MONTH_NAMES_EN[jm - 1]} ${jy}`;
		out.push({ key, start, end: fromJalali(nextY, nextM, 1), label });
		jy = nextY;
		jm = nextM;
	}
	return out;
}

/** The Jalali month key (`1405/01`) of an instant. */
export function monthKeyOf(date: Date): string {
	return formatJalaliDate(toJalali(date)).slice(0, 7);
}

/** Working minutes as hours with one decimal. */
export function hours(minutes: number | null): number | null {
	return minutes === null ? null : Math.round((minutes / 60) * 10) / 10;
}

/** A ratio as a percentage with one decimal; null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
	return whole ? Math.round((part / whole) * 1000) / 10 : null;
}

export { isoDayOf };
