/**
 * Service duration per technician (مدت زمان انجام خدمت بر اساس سرویس‌کار): reception→delivery and
 * order→QC-approved in working hours of the branch calendar, median and 90th percentile per
 * technician, and the monthly trend. The cohort is the requests received in the period (the
 * search's reception-date filter), attributed to the technician of their current order.
 */
import { sql } from 'drizzle-orm';
import { translate, type Locale } from '#lib/i18n';
import { getDb } from '../db';
import { rowsOf } from '../search/rows';
import { hours, isoDayOf, loadNames, monthsOf, searchLink } from './common';
import { factConditions, type ReportFilters } from './filters';
import type { ReportResult, ReportRow } from './types';

interface Row {
	d?: unknown;
	q?: unknown;
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

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Median and p90 from one percentile_cont(array[…]) (an array, or its text form on some drivers). */
function pair(value: unknown): [number | null, number | null] {
	if (value === null || value === undefined) return [null, null];
	const list = Array.isArray(value)
		? (value as unknown[])
		: String(value).replace(/[{}]/g, '').split(',');
	return [num(list[0] === 'NULL' ? null : list[0]), num(list[1] === 'NULL' ? null : list[1])];
}

/** Builds the service-duration report. */
export async function durationReport(
	filters: ReportFilters,
	locale: Locale
): Promise<ReportResult> {
	const db = await getDb();
	const months = monthsOf(filters, locale);
	const bounds = sql.raw(
		`array[${months.map((m) => `'${m.start.toISOString()}'`).join(',')}]::timestamptz[]`
	);
	const where = factConditions(filters, { dateColumn: 'received_at' });
	// One pass: per technician, per month, and the whole period (grouping sets).
	const rows = rowsOf<Row>(
		await db.execute(sql`select technician_id, month,
				grouping(technician_id)::int as gt, grouping(month)::int as gm,
				count(*)::int as total,
				count(rtd)::int as delivered,
				percentile_cont(array[0.5, 0.9]) within group (order by rtd) as d,
				count(otq)::int as approved,
				percentile_cont(array[0.5, 0.9]) within group (order by otq) as q
			from (select technician_id, width_bucket(received_at, ${bounds}) as month,
					reception_to_delivery_minutes as rtd, order_to_qc_minutes as otq
				from report_request_fact where ${where}
					and (reception_to_delivery_minutes is not null or order_to_qc_minutes is not null)) f
			group by grouping sets ((technician_id), (month), ())`)
	).map((r) => ({
		...r,
		technician_id: num(r.technician_id),
		month: num(r.month),
		gt: Number(r.gt),
		gm: Number(r.gm),
		total: Number(r.total),
		delivered: Number(r.delivered),
		approved: Number(r.approved),
		d50: pair(r.d)[0],
		d90: pair(r.d)[1],
		q50: pair(r.q)[0],
		q90: pair(r.q)[1]
	}));
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
