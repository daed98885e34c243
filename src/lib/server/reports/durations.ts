/**
 * Service duration per technician (مدت زمان انجام خدمت بر اساس سرویس‌کار): reception→delivery and
 * order→QC-approved in working hours of the branch calendar, median and 90th percentile per
 * technician, and the monthly trend. The cohort is the requests received in the period (the
 * search's reception-date filter), attributed to the technician of their current order.
 */
import { sql, type SQL } from 'drizzle-orm';
import { translate, type Locale } from '#lib/i18n';
import { getDb } from '../db';
import { rowsOf } from '../search/rows';
import { hours, isoDayOf, loadNames, monthsOf, searchLink, type JalaliMonth } from './common';
import { ALL_TECHNICIANS, durationBucket } from './facts';
import { at, factConditions, monthBounds, type ReportFilters } from './filters';
import type { ReportResult, ReportRow } from './types';

interface Row {
	technician_id: number | null;
	month: number | null;
	gt: number;
	gm: number;
	total: number;
	delivered: number;
	d50: number | null;
	d90: number | null;
	approved: number;
	q50: number | null;
	q90: number | null;
}

interface Histogram {
	gt: number;
	gm: number;
	tech: number | null;
	month: number | null;
	m: number;
	total: number;
	/** Lower and upper values around the median's and the p90's rank. */
	p50lo: number;
	p50hi: number;
	p90lo: number;
	p90hi: number;
}

/**
 * Where the figures of a period come from: its whole Jalali months from the monthly histograms
 * (when no filter but the technician applies: the histograms are kept per technician only), the
 * days before the first and after the last whole month from the facts.
 */
function sources(
	filters: ReportFilters,
	months: JalaliMonth[]
): { whole: JalaliMonth[]; live: SQL[] } {
	const histogramsApply =
		filters.branchId === null &&
		filters.agencyId === null &&
		filters.serviceTypeId === null &&
		filters.priorityId === null;
	const whole = histogramsApply
		? months.filter(
				(m) =>
					m.start.getTime() >= filters.from.getTime() &&
					m.end.getTime() <= filters.toExclusive.getTime()
			)
		: [];
	if (!whole.length)
		return { whole, live: [factConditions(filters, { dateColumn: 'received_at' })] };
	const range = (from: Date, to: Date) =>
		from.getTime() < to.getTime()
			? [sql`received_at >= ${at(from)} and received_at < ${at(to)}`]
			: [];
	const edges = [
		...range(filters.from, whole[0]!.start),
		...range(whole.at(-1)!.end, filters.toExclusive)
	];
	return { whole, live: edges.map((edge) => sql`${factConditions(filters)} and ${edge}`) };
}

/**
 * Medians and 90th percentiles per technician, per month and overall in one pass: each metric is
 * counted per 6-minute bucket — merged from the monthly histograms for whole months and counted
 * from the facts for the days around them — and the cumulative counts then locate the values
 * around each percentile's rank, interpolated as percentile_cont does.
 */
async function durationFigures(filters: ReportFilters, months: JalaliMonth[]): Promise<Row[]> {
	const db = await getDb();
	const bounds = sql.raw(
		`array[${months.map((m) => `'${m.start.toISOString()}'`).join(',')}]::timestamptz[]`
	);
	const monthIndex = sql`width_bucket(month, ${monthBounds(months.map((m) => m.start))})`;
	const { whole, live } = sources(filters, months);
	const wholeMonths = whole.length
		? sql`month >= ${sql.raw(`'${isoDayOf(whole[0]!.start)}'::date`)}
			and month <= ${sql.raw(`'${isoDayOf(whole.at(-1)!.start)}'::date`)} and n <> 0`
		: sql`false`;
	// Per technician: each technician's rows (or the filtered one's); per month and overall: the
	// rows over every technician (or the filtered one's).
	const technicians =
		filters.technicianId === null
			? sql`technician_id >= 0`
			: sql`technician_id = ${filters.technicianId}`;
	const series = sql`technician_id = ${filters.technicianId ?? ALL_TECHNICIANS}`;
	// The values around the ranks 0.5 (total − 1) and 0.9 (total − 1), floor and ceiling in
	// integer arithmetic (numeric multiplications per row cost more than the rest of the query).
	const percentiles = sql.raw(`total::int as total,
		min(v) filter (where cum > (total - 1) / 2) as p50lo,
		min(v) filter (where cum > total / 2) as p50hi,
		min(v) filter (where cum > 9 * (total - 1) / 10) as p90lo,
		min(v) filter (where cum > (9 * (total - 1) + 9) / 10) as p90hi`);
	// The facts of each live range, one metric at a time: each is an index-only range scan of the
	// durations index (a union rather than OR-ed ranges, which would read the table's rows).
	// "+ 0" keeps the planner from walking the technician index for the grouping order.
	const metricRows = (range: SQL, metric: number, column: string) =>
		sql`select technician_id + 0 as tech, width_bucket(received_at, ${bounds}) as month,
			${sql.raw(String(metric))} as m, ${sql.raw(durationBucket(column))} as v
		from report_request_fact where ${range} and ${sql.raw(column)} is not null`;
	const liveRows = live.length
		? sql.join(
				live.flatMap((range) => [
					metricRows(range, 1, 'reception_to_delivery_minutes'),
					metricRows(range, 2, 'order_to_qc_minutes')
				]),
				sql` union all `
			)
		: sql`select null::int as tech, null::int as month, null::int as m, null::int as v where false`;
	// A whole period of facts does not fit the default 4 MB of hash memory: it would spill to
	// disk. The setting lasts for this read-only transaction only.
	const result = await db.transaction(async (tx) => {
		await tx.execute(sql`set local work_mem = '32MB'`);
		return tx.execute(sql`with live as materialized (
				select tech, month, m, v, count(*)::int as n
				from (${liveRows}) f
				group by 1, 2, 3, 4
			), h as (
				select 0 as gt, 1 as gm, tech, null::int as month, m, v, sum(n)::int as n
				from (
					select nullif(technician_id, 0) as tech, metric::int as m, bucket as v, n
					from report_duration_monthly where ${wholeMonths} and ${technicians}
					union all select tech, m, v, n from live
				) t group by tech, m, v
				union all
				select 1, 1, null, null, m, v, sum(n)::int
				from (
					select metric::int as m, bucket as v, n
					from report_duration_monthly where ${wholeMonths} and ${series}
					union all select m, v, n from live
				) a group by m, v
				union all
				select 1, 0, null, month, m, v, sum(n)::int from live group by month, m, v
			), c as (
				select *, sum(n) over (partition by gt, gm, tech, month, m order by v) as cum,
					sum(n) over (partition by gt, gm, tech, month, m) as total
				from h
			), w as (
				-- The whole months one by one, read in the primary key's order (no sort).
				select month, metric, bucket as v,
					sum(n) over (partition by month, metric order by bucket) as cum,
					sum(n) over (partition by month, metric) as total
				from report_duration_monthly where ${wholeMonths} and ${series}
			)
			select gt, gm, tech, month, m, ${percentiles}
			from c group by gt, gm, tech, month, m, total
			union all
			select 1, 0, null, ${monthIndex}, metric::int, ${percentiles}
			from w group by month, metric, total`);
	});
	const histogram = rowsOf<Histogram>(result);
	const rows = new Map<string, Row>();
	for (const h of histogram) {
		const gt = Number(h.gt);
		const gm = Number(h.gm);
		const tech = h.tech === null ? null : Number(h.tech);
		const month = h.month === null ? null : Number(h.month);
		const key = `${gt}:${gm}:${tech}:${month}`;
		const row = rows.get(key) ?? {
			technician_id: tech,
			month,
			gt,
			gm,
			total: 0,
			delivered: 0,
			d50: null,
			d90: null,
			approved: 0,
			q50: null,
			q90: null
		};
		const total = Number(h.total);
		const at = (p: number, lo: unknown, hi: unknown) => {
			const r = p * (total - 1);
			const low = Number(lo);
			return low + (Number(hi) - low) * (r - Math.floor(r));
		};
		const p50 = at(0.5, h.p50lo, h.p50hi);
		const p90 = at(0.9, h.p90lo, h.p90hi);
		if (Number(h.m) === 1) Object.assign(row, { delivered: total, d50: p50, d90: p90 });
		else Object.assign(row, { approved: total, q50: p50, q90: p90 });
		row.total = Math.max(row.delivered, row.approved);
		rows.set(key, row);
	}
	return [...rows.values()];
}

/** Builds the service-duration report. */
export async function durationReport(
	filters: ReportFilters,
	locale: Locale
): Promise<ReportResult> {
	const months = monthsOf(filters, locale);
	// One pass: per technician, per month, and the whole period (grouping sets).
	const rows = await durationFigures(filters, months);
	const perTechnician = rows.filter((r) => r.gt === 0);
	const perMonth = new Map(rows.filter((r) => r.gm === 0).map((r) => [r.month ?? 0, r]));
	const overall = rows.find((r) => r.gt === 1 && r.gm === 1);
	const technicians = perTechnician
		.filter((r) => r.delivered > 0 || r.approved > 0)
		.sort((a, b) => b.delivered - a.delivered || (a.technician_id ?? 0) - (b.technician_id ?? 0));
	const name = await loadNames(locale, { technician: technicians.map((r) => r.technician_id) });
	const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);

	const link = (technicianId: number | null, extra: Record<string, unknown> = {}) =>
		searchLink('requests', filters, 'received', {
			...(technicianId !== null ? { technicianId } : {}),
			...extra
		});
	const tableRows: ReportRow[] = technicians.map((r) => ({
		cells: {
			technician: name('technician', r.technician_id),
			delivered: r.delivered,
			d50: hours(r.d50),
			d90: hours(r.d90),
			approved: r.approved,
			q50: hours(r.q50),
			q90: hours(r.q90)
		},
		links: {
			technician: link(r.technician_id),
			delivered: link(r.technician_id, { status: ['delivered'] }),
			approved: link(r.technician_id)
		}
	}));
	const monthRows = months.map((m, i) => perMonth.get(i + 1));
	return {
		key: 'durations',
		title: t('reports.durations.title'),
		period: { from: isoDayOf(filters.from), to: isoDayOf(filters.to) },
		generatedAt: filters.now.toISOString(),
		summary: [
			{
				label: t('reports.durations.delivered'),
				value: overall?.delivered ?? 0,
				kind: 'count',
				link: link(filters.technicianId, { status: ['delivered'] })
			},
			{ label: t('reports.durations.d50'), value: hours(overall?.d50 ?? null), kind: 'hours' },
			{ label: t('reports.durations.d90'), value: hours(overall?.d90 ?? null), kind: 'hours' },
			{ label: t('reports.durations.q50'), value: hours(overall?.q50 ?? null), kind: 'hours' },
			{ label: t('reports.durations.q90'), value: hours(overall?.q90 ?? null), kind: 'hours' }
		],
		charts: [
			{
				id: 'per-technician',
				title: t('reports.durations.chartTechnicians'),
				type: 'bar',
				unit: 'hours',
				labels: technicians.map((r) => name('technician', r.technician_id)),
				datasets: [
					{
						label: t('reports.durations.d50'),
						data: technicians.map((r) => hours(r.d50)),
						links: technicians.map((r) => link(r.technician_id, { status: ['delivered'] }))
					},
					{
						label: t('reports.durations.d90'),
						data: technicians.map((r) => hours(r.d90)),
						links: technicians.map((r) => link(r.technician_id, { status: ['delivered'] }))
					}
				]
			},
			{
				id: 'trend',
				title: t('reports.durations.chartTrend'),
				type: 'line',
				unit: 'hours',
				labels: months.map((m) => m.label),
				datasets: (
					[
						['reports.durations.d50', 'd50'],
						['reports.durations.d90', 'd90'],
						['reports.durations.q50', 'q50'],
						['reports.durations.q90', 'q90']
					] as const
				).map(([label, key]) => ({
					label: t(label),
					data: monthRows.map((r) => hours(r?.[key] ?? null)),
					links: months.map((m) =>
						searchLink('requests', filters, null, {
							receivedFrom: isoDayOf(m.start),
							receivedTo: isoDayOf(new Date(m.end.getTime() - 86_400_000))
						})
					)
				}))
			}
		],
		tables: [
			{
				id: 'technicians',
				title: t('reports.durations.tableTechnicians'),
				note: t('reports.durations.note'),
				columns: [
					{ key: 'technician', label: t('reports.col.technician'), kind: 'text' },
					{ key: 'delivered', label: t('reports.durations.delivered'), kind: 'count' },
					{ key: 'd50', label: t('reports.durations.d50'), kind: 'hours' },
					{ key: 'd90', label: t('reports.durations.d90'), kind: 'hours' },
					{ key: 'approved', label: t('reports.durations.approved'), kind: 'count' },
					{ key: 'q50', label: t('reports.durations.q50'), kind: 'hours' },
					{ key: 'q90', label: t('reports.durations.q90'), kind: 'hours' }
				],
				rows: tableRows
			},
			{
				id: 'months',
				title: t('reports.durations.tableMonths'),
				columns: [
					{ key: 'month', label: t('reports.col.month'), kind: 'text' },
					{ key: 'delivered', label: t('reports.durations.delivered'), kind: 'count' },
					{ key: 'd50', label: t('reports.durations.d50'), kind: 'hours' },
					{ key: 'd90', label: t('reports.durations.d90'), kind: 'hours' },
					{ key: 'approved', label: t('reports.durations.approved'), kind: 'count' },
					{ key: 'q50', label: t('reports.durations.q50'), kind: 'hours' },
					{ key: 'q90', label: t('reports.durations.q90'), kind: 'hours' }
				],
				rows: months.map((m, i) => {
					const r = monthRows[i];
					const receivedFrom = isoDayOf(m.start);
					const receivedTo = isoDayOf(new Date(m.end.getTime() - 86_400_000));
					return {
						cells: {
							month: m.label,
							delivered: r?.delivered ?? 0,
							d50: hours(r?.d50 ?? null),
							d90: hours(r?.d90 ?? null),
							approved: r?.approved ?? 0,
							q50: hours(r?.q50 ?? null),
							q90: hours(r?.q90 ?? null)
						},
						links: {
							delivered: searchLink('requests', filters, null, {
								receivedFrom,
								receivedTo,
								status: ['delivered']
							})
						}
					};
				})
			}
		]
	};
}
