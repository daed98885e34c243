/**
 * Repair orders (گزارش دستورهای تعمیر): orders issued in the period, how many were completed and
 * how many are overdue, by technician, by service type and by month. "Overdue" is the search's
 * SLA-breached rule: closed after the due time, or still open past it.
 */
import { sql } from 'drizzle-orm';
import { startOfTehranDay } from '#lib/domain/jalali';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { getDb } from '../db';
import { rowsOf } from '../search/rows';
import { isoDayOf, loadNames, monthsOf, percent, searchLink, type NameKind } from './common';
import { tehranDay } from './facts';
import { at, factConditions, monthBounds, rollupConditions, type ReportFilters } from './filters';
import type { ReportResult, ReportRow, ReportTable } from './types';

interface Row {
	technician_id: number | null;
	service_type_id: number | null;
	month: number | null;
	gt: number;
	gs: number;
	gm: number;
	issued: number;
	completed: number;
	overdue: number;
	open: number;
}

/**
 * Issued, completed and overdue orders per technician, service type, month and overall, from
 * the daily rollups; "overdue" = closed late + still open past due (due before today from the
 * open-order rollup, due earlier today from the facts).
 */
export function orderFiguresSql(filters: ReportFilters, monthStarts: Date[]) {
	const bounds = monthBounds(monthStarts);
	const where = rollupConditions(filters);
	const today = isoDayOf(filters.now);
	return sql`select technician_id, service_type_id, month,
			grouping(technician_id)::int as gt, grouping(service_type_id)::int as gs,
			grouping(month)::int as gm,
			sum(issued)::int as issued, sum(completed)::int as completed,
			(sum(closed_late) + sum(open_overdue))::int as overdue, sum(open)::int as open
		from (
			select technician_id, service_type_id, width_bucket(day, ${bounds}) as month,
				issued, completed, closed_late, 0 as open, 0 as open_overdue
			from report_order_daily where ${where}
			union all
			select technician_id, service_type_id, width_bucket(day, ${bounds}), 0, 0, 0, open,
				case when due_day < ${sql.raw(`'${today}'::date`)} then open else 0 end
			from report_open_order_daily where ${where}
			union all
			select technician_id, coalesce(service_type_id, 0),
				width_bucket(${sql.raw(tehranDay('issued_at'))}, ${bounds}), 0, 0, 0, 0, 1
			from report_order_fact
			where status in ('open', 'in_progress') and closed_at is null
				and due_at >= ${at(startOfTehranDay(filters.now))} and due_at < ${at(filters.now)}
				and ${factConditions(filters, { dateColumn: 'issued_at' })}
		) f
		group by grouping sets ((technician_id), (service_type_id), (month), ())`;
}

/** Builds the repair-orders report. */
export async function ordersReport(filters: ReportFilters, locale: Locale): Promise<ReportResult> {
	const db = await getDb();
	const months = monthsOf(filters, locale);
	const rows = rowsOf<Row>(
		await db.execute(
			orderFiguresSql(
				filters,
				months.map((m) => m.start)
			)
		)
	).map((r) => ({
		// Rollups keep a missing dimension as 0.
		technician_id: r.technician_id ? Number(r.technician_id) : null,
		service_type_id: r.service_type_id ? Number(r.service_type_id) : null,
		month: r.month === null ? null : Number(r.month),
		gt: Number(r.gt),
		gs: Number(r.gs),
		gm: Number(r.gm),
		issued: Number(r.issued),
		completed: Number(r.completed),
		overdue: Number(r.overdue),
		open: Number(r.open)
	}));
	const perTechnician = rows
		.filter((r) => r.gt === 0)
		.sort((a, b) => b.issued - a.issued || (a.technician_id ?? 0) - (b.technician_id ?? 0));
	const perType = rows
		.filter((r) => r.gs === 0)
		.sort((a, b) => b.issued - a.issued || (a.service_type_id ?? 0) - (b.service_type_id ?? 0));
	const perMonth = new Map(rows.filter((r) => r.gm === 0).map((r) => [r.month ?? 0, r]));
	const overall = rows.find((r) => r.gt === 1 && r.gs === 1 && r.gm === 1);
	const name = await loadNames(locale, {
		technician: perTechnician.map((r) => r.technician_id),
		serviceType: perType.map((r) => r.service_type_id)
	});
	const t = (key: MessageKey) => translate(locale, key);

	const links = (extra: Record<string, unknown>) => ({
		issued: searchLink('orders', filters, 'ordered', extra),
		completed: searchLink('orders', filters, 'ordered', { ...extra, status: ['done'] }),
		overdue: searchLink('orders', filters, 'ordered', { ...extra, slaBreached: true }),
		open: searchLink('orders', filters, 'ordered', { ...extra, status: ['open', 'in_progress'] })
	});
	const columns = (first: { key: string; label: string }) => [
		{ ...first, kind: 'text' as const },
		{ key: 'issued', label: t('reports.orders.issued'), kind: 'count' as const },
		{ key: 'completed', label: t('reports.orders.completed'), kind: 'count' as const },
		{ key: 'overdue', label: t('reports.orders.overdue'), kind: 'count' as const },
		{ key: 'open', label: t('reports.orders.open'), kind: 'count' as const },
		{ key: 'onTime', label: t('reports.orders.onTime'), kind: 'percent' as const }
	];
	const cells = (r: Row | undefined) => ({
		issued: r?.issued ?? 0,
		completed: r?.completed ?? 0,
		overdue: r?.overdue ?? 0,
		open: r?.open ?? 0,
		onTime: r ? percent(r.issued - r.overdue, r.issued) : null
	});
	const dimensionTable = (
		id: string,
		title: MessageKey,
		list: Row[],
		kind: NameKind,
		param: 'technicianId' | 'serviceTypeId',
		key: 'technician_id' | 'service_type_id',
		label: MessageKey
	): ReportTable => ({
		id,
		title: t(title),
		columns: columns({ key: 'name', label: t(label) }),
		rows: list.map((r): ReportRow => ({
			cells: { name: name(kind, r[key]), ...cells(r) },
			links: r[key] === null ? undefined : links({ [param]: r[key] })
		}))
	});

	return {
		key: 'orders',
		title: t('reports.orders.title'),
		period: { from: isoDayOf(filters.from), to: isoDayOf(filters.to) },
		generatedAt: filters.now.toISOString(),
		summary: [
			{
				label: t('reports.orders.issued'),
				value: overall?.issued ?? 0,
				kind: 'count',
				link: links({}).issued
			},
			{
				label: t('reports.orders.completed'),
				value: overall?.completed ?? 0,
				kind: 'count',
				link: links({}).completed
			},
			{
				label: t('reports.orders.overdue'),
				value: overall?.overdue ?? 0,
				kind: 'count',
				link: links({}).overdue
			},
			{
				label: t('reports.orders.onTime'),
				value: overall ? percent(overall.issued - overall.overdue, overall.issued) : null,
				kind: 'percent'
			}
		],
		charts: [
			{
				id: 'per-technician',
				title: t('reports.orders.chartTechnicians'),
				type: 'bar',
				unit: 'count',
				labels: perTechnician.map((r) => name('technician', r.technician_id)),
				datasets: (['completed', 'overdue', 'open'] as const).map((k) => ({
					label: t(`reports.orders.${k}`),
					data: perTechnician.map((r) => r[k]),
					links: perTechnician.map((r) =>
						r.technician_id === null ? null : links({ technicianId: r.technician_id })[k]
					)
				}))
			},
			{
				id: 'per-month',
				title: t('reports.orders.chartMonths'),
				type: 'bar',
				unit: 'count',
				labels: months.map((m) => m.label),
				datasets: (['issued', 'completed', 'overdue'] as const).map((k) => ({
					label: t(`reports.orders.${k}`),
					data: months.map((_, i) => perMonth.get(i + 1)?.[k] ?? 0),
					links: months.map(
						(m) =>
							links({
								orderedFrom: isoDayOf(m.start),
								orderedTo: isoDayOf(new Date(m.end.getTime() - 86_400_000))
							})[k]
					)
				}))
			}
		],
		tables: [
			dimensionTable(
				'technicians',
				'reports.orders.tableTechnicians',
				perTechnician,
				'technician',
				'technicianId',
				'technician_id',
				'reports.col.technician'
			),
			dimensionTable(
				'service-types',
				'reports.orders.tableServiceTypes',
				perType,
				'serviceType',
				'serviceTypeId',
				'service_type_id',
				'reports.col.serviceType'
			),
			{
				id: 'months',
				title: t('reports.orders.tableMonths'),
				columns: columns({ key: 'name', label: t('reports.col.month') }),
				rows: months.map((m, i) => ({
					cells: { name: m.label, ...cells(perMonth.get(i + 1)) },
					links: links({
						orderedFrom: isoDayOf(m.start),
						orderedTo: isoDayOf(new Date(m.end.getTime() - 86_400_000))
					})
				}))
			}
		]
	};
}
