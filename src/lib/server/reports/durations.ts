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
import { hours, isoDayOf, loadNames, monthsOf, searchLink } from './common';
import { factConditions, type ReportFilters } from './filters';
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

/** Durations are bucketed to 0.1 working hour (the precision shown) before percentiles. */
const BUCKET_MINUTES = 6;

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
 * Medians and 90th percentiles per technician, per month and overall in one pass: each metric is
 * counted per 6-minute bucket (hash aggregation, no per-group sorts), the cumulative counts then
 * locate the values around each percentile's rank, interpolated as percentile_cont does.
 */
async function durationFigures(bounds: SQL, where: SQL): Promise<Row[]> {
	const db = await getDb();
	const b = sql.raw(String(BUCKET_MINUTES));
	const rank = (p: number) => sql.raw(`${p} * (total - 1)`);
	// The histogram of a year of work does not fit the default 4 MB of hash memory: it would
	// spill to disk. The setting lasts for this read-only transaction only.
	const result = await db.transaction(async (tx) => {
		await tx.execute(sql`set local work_mem = '32MB'`);
		return tx.execute(sql`with h as (
				select grouping(tech)::int as gt, grouping(month)::int as gm, tech, month, m, v,
					count(*)::int as n
				from (
					-- "+ 0" keeps the planner from walking the technician index for the grouping order.
					select technician_id + 0 as tech, width_bucket(received_at, ${bounds}) as month,
						reception_to_delivery_minutes as rtd, order_to_qc_minutes as otq
					from report_request_fact where ${where}
						and (reception_to_delivery_minutes is not null or order_to_qc_minutes is not null)
				) f
				-- Integer arithmetic: the nearest bucket, half up (numeric rounding costs several times more).
				cross join lateral (values (1, (f.rtd + ${b} / 2) / ${b} * ${b}),
					(2, (f.otq + ${b} / 2) / ${b} * ${b})) as x(m, v)
				where x.v is not null
				group by grouping sets ((tech, m, v), (month, m, v), (m, v))
			), c as (
				select *, sum(n) over (partition by gt, gm, tech, month, m order by v) as cum,
					sum(n) over (partition by gt, gm, tech, month, m) as total
				from h
			)
			select gt, gm, tech, month, m, total::int as total,
				min(v) filter (where cum > floor(${rank(0.5)})) as p50lo,
				min(v) filter (where cum > ceil(${rank(0.5)})) as p50hi,
				min(v) filter (where cum > floor(${rank(0.9)})) as p90lo,
				min(v) filter (where cum > ceil(${rank(0.9)})) as p90hi
			from c group by gt, gm, tech, month, m, total`);
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
	const bounds = sql.raw(
		`array[${months.map((m) => `'${m.start.toISOString()}'`).join(',')}]::timestamptz[]`
	);
	const where = factConditions(filters, { dateColumn: 'received_at' });
	// One pass: per technician, per month, and the whole period (grouping sets).
	const rows = await durationFigures(bounds, where);
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
