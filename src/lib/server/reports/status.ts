/**
 * Status monitoring (گزارش وضعیت برای پایش): how many open requests sit in each status and for
 * how long (ageing buckets), SLA compliance per priority over the orders issued in the period,
 * and the bottleneck — the status holding the most unit-hours of waiting — highlighted.
 *
 * The snapshot of open requests ignores the period (an old request still waiting is exactly what
 * monitoring must show); the dimension filters and the actor's scope apply.
 */
import { sql, type SQL } from 'drizzle-orm';
import { startOfTehranDay } from '#lib/domain/jalali';
import { FINAL_STATUSES, STATUSES } from '#lib/domain/lifecycle';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { getDb } from '../db';
import { rowsOf } from '../search/rows';
import { isoDayOf, loadNames, percent, searchLink } from './common';
import { at, factConditions, rollupConditions, type ReportFilters } from './filters';
import type { ReportResult, ReportRow, ReportTable } from './types';

/**
 * Hook for the reception counters (queue tickets): the counters context registers a section
 * that returns a table of waiting and serving times per counter for the same filters; the
 * status report shows it (and exports it) when registered. Nothing else is needed here.
 */
export type CounterQueueSection = (
	filters: ReportFilters,
	locale: Locale
) => Promise<ReportTable | null>;

let counterSection: CounterQueueSection | null = null;

/** Registers the counters' waiting/serving-time section of the status report (once per process). */
export function registerCounterQueueSection(section: CounterQueueSection | null): void {
	counterSection = section;
}

// Ageing buckets in hours since the request entered its status: < 1 day, 1–3 days, 3–7 days, more.
const BUCKETS = [24, 72, 168] as const;

interface StatusRow {
	status: string;
	count: number;
	avg_hours: number | null;
	max_hours: number | null;
	total_hours: number;
	b1: number;
	b2: number;
	b3: number;
	b4: number;
}

interface PriorityRow {
	priority_id: number;
	total: number;
	met: number;
	breached: number;
	open_on_track: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Conditions on a rollup's dimension columns only (the snapshot ignores the period). */
function dimensionConditions(filters: ReportFilters): SQL {
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
		if (typeof value === 'number') out.push(sql`${sql.raw(column)} = ${value}`);
	}
	return out.length ? sql.join(out, sql` and `) : sql`true`;
}

/**
 * The open requests per status with their ages. Counts and summed entry instants come from the
 * daily rollup of open requests (total age = count × now − Σ entry); a whole day lies entirely on
 * one side of each ageing boundary (now − 1, 3, 7 days), so only the three days the boundaries
 * fall in are read from the facts, and the oldest request of each status is looked up in the
 * first day that still has one.
 */
async function openSnapshot(filters: ReportFilters): Promise<StatusRow[]> {
	const db = await getDb();
	const nowMs = filters.now.getTime();
	const now = at(filters.now);
	// Open statuses named one by one: each becomes a range of the (status, entry time) index,
	// where "not one of the final statuses" would read the whole table.
	const open = sql.raw(
		STATUSES.filter((s) => !FINAL_STATUSES.includes(s))
			.map((s) => `'${s}'`)
			.join(', ')
	);
	// The Tehran days holding now − 24 h, − 72 h and − 168 h (newest first).
	const edges = BUCKETS.map((h) => isoDayOf(new Date(nowMs - h * HOUR_MS)));
	const day = (iso: string) => sql.raw(`'${iso}'::date`);
	const rolled = rowsOf<{
		status: string;
		count: number;
		total_hours: string | number;
		first_day: string | Date | null;
		b1: number;
		b2: number;
		b3: number;
		b4: number;
	}>(
		await db.execute(sql`select status, sum(open)::int as count,
				(sum(open)::numeric * ${nowMs} - sum(since_ms)) / ${HOUR_MS} as total_hours,
				min(day) filter (where open > 0) as first_day,
				coalesce(sum(open) filter (where day > ${day(edges[0]!)}), 0)::int as b1,
				coalesce(sum(open) filter (where day < ${day(edges[0]!)} and day > ${day(edges[1]!)}), 0)::int as b2,
				coalesce(sum(open) filter (where day < ${day(edges[1]!)} and day > ${day(edges[2]!)}), 0)::int as b3,
				coalesce(sum(open) filter (where day < ${day(edges[2]!)}), 0)::int as b4
			from report_open_request_daily where ${dimensionConditions(filters)}
			group by status having sum(open) > 0`)
	);
	if (!rolled.length) return [];
	const age = sql`date_part('epoch', ${now} - status_since) / 3600.0`;
	const dayRange = (iso: string) => {
		const start = new Date(`${iso}T00:00:00+03:30`);
		return sql`(status_since >= ${at(start)} and status_since < ${at(new Date(start.getTime() + DAY_MS))})`;
	};
	const edgeRows = rowsOf<{ status: string; b1: number; b2: number; b3: number; b4: number }>(
		await db.execute(sql`select status,
				count(*) filter (where age < ${BUCKETS[0]})::int as b1,
				count(*) filter (where age >= ${BUCKETS[0]} and age < ${BUCKETS[1]})::int as b2,
				count(*) filter (where age >= ${BUCKETS[1]} and age < ${BUCKETS[2]})::int as b3,
				count(*) filter (where age >= ${BUCKETS[2]})::int as b4
			from (select status, ${age} as age from report_request_fact
				where ${factConditions(filters)} and status in (${open})
					and (${sql.join(edges.map(dayRange), sql` or `)})) f
			group by status`)
	);
	const firsts = rolled.filter((r) => r.first_day !== null);
	const oldest = rowsOf<{ status: string; max_hours: number | null }>(
		await db.execute(sql`select status, max(${age}) as max_hours from report_request_fact
			where ${factConditions(filters)} and status in (${open}) and (${sql.join(
				firsts.map((r) => sql`(status = ${r.status} and ${dayRange(isoDay(r.first_day!))})`),
				sql` or `
			)})
			group by status`)
	);
	return rolled.map((r) => {
		const edge = edgeRows.find((e) => e.status === r.status);
		const maxHours = oldest.find((o) => o.status === r.status)?.max_hours;
		const count = Number(r.count);
		const total = Number(r.total_hours);
		return {
			status: r.status,
			count,
			avg_hours: count ? total / count : null,
			max_hours: maxHours === null || maxHours === undefined ? null : Number(maxHours),
			total_hours: total,
			b1: Number(r.b1) + Number(edge?.b1 ?? 0),
			b2: Number(r.b2) + Number(edge?.b2 ?? 0),
			b3: Number(r.b3) + Number(edge?.b3 ?? 0),
			b4: Number(r.b4) + Number(edge?.b4 ?? 0)
		};
	});
}

/** A date column's value as an ISO day (drivers answer a string or a Date at UTC midnight). */
function isoDay(value: string | Date): string {
	return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** Builds the status-monitoring report. */
export async function statusReport(filters: ReportFilters, locale: Locale): Promise<ReportResult> {
	const db = await getDb();
	const now = at(filters.now);
	const statusRows = await openSnapshot(filters);
	const order = (s: string) => STATUSES.indexOf(s as (typeof STATUSES)[number]);
	statusRows.sort((a, b) => order(a.status) - order(b.status));
	// Drafts are not in the workshop yet: they never count as the bottleneck.
	const candidates = statusRows.filter((r) => r.status !== 'draft');
	const bottleneck = candidates.length
		? candidates.reduce((a, b) => (b.total_hours > a.total_hours ? b : a)).status
		: null;

	const today = sql.raw(`'${isoDayOf(filters.now)}'::date`);
	const where = rollupConditions(filters);
	const priorityRows = rowsOf<PriorityRow>(
		await db.execute(sql`select priority_id, sum(issued)::int as total,
				sum(closed - closed_late)::int as met,
				(sum(closed_late) + sum(open_overdue))::int as breached,
				(sum(open) - sum(open_overdue))::int as open_on_track
			from (
				select priority_id, issued, closed, closed_late, 0 as open, 0 as open_overdue
				from report_order_daily where ${where}
				union all
				select priority_id, 0, 0, 0, open, case when due_day < ${today} then open else 0 end
				from report_open_order_daily where ${where}
				union all
				select priority_id, 0, 0, 0, 0, 1 from report_order_fact
				where status in ('open', 'in_progress') and closed_at is null
					and due_at >= ${at(startOfTehranDay(filters.now))} and due_at < ${now}
					and ${factConditions(filters, { dateColumn: 'issued_at' })}
			) f
			group by priority_id having sum(issued) > 0 order by priority_id`)
	).map((r) => ({
		priority_id: Number(r.priority_id),
		total: Number(r.total),
		met: Number(r.met),
		breached: Number(r.breached),
		open_on_track: Number(r.open_on_track)
	}));
	const name = await loadNames(locale, { priority: priorityRows.map((r) => r.priority_id) });
	const t = (key: MessageKey) => translate(locale, key);
	const statusName = (s: string) => translate(locale, `service.status.${s}` as MessageKey);
	const hoursOf = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
	const statusLink = (status: string) =>
		searchLink('requests', filters, null, { status: [status] });
	const openTotal = statusRows.reduce((s, r) => s + r.count, 0);
	const slaTotal = priorityRows.reduce((s, r) => s + r.total, 0);
	const slaBreached = priorityRows.reduce((s, r) => s + r.breached, 0);

	const tables: ReportTable[] = [
		{
			id: 'statuses',
			title: t('reports.status.tableStatuses'),
			note: t('reports.status.note'),
			columns: [
				{ key: 'status', label: t('reports.col.status'), kind: 'text' },
				{ key: 'count', label: t('reports.status.count'), kind: 'count' },
				{ key: 'avgHours', label: t('reports.status.avgHours'), kind: 'hours' },
				{ key: 'maxHours', label: t('reports.status.maxHours'), kind: 'hours' },
				{ key: 'b1', label: t('reports.status.bucket1'), kind: 'count' },
				{ key: 'b2', label: t('reports.status.bucket2'), kind: 'count' },
				{ key: 'b3', label: t('reports.status.bucket3'), kind: 'count' },
				{ key: 'b4', label: t('reports.status.bucket4'), kind: 'count' }
			],
			rows: statusRows.map((r): ReportRow => ({
				cells: {
					status:
						r.status === bottleneck
							? `${statusName(r.status)} — ${t('reports.status.bottleneck')}`
							: statusName(r.status),
					count: r.count,
					avgHours: hoursOf(r.avg_hours),
					maxHours: hoursOf(r.max_hours),
					b1: r.b1,
					b2: r.b2,
					b3: r.b3,
					b4: r.b4
				},
				links: { status: statusLink(r.status), count: statusLink(r.status) },
				highlight: r.status === bottleneck
			}))
		},
		{
			id: 'sla',
			title: t('reports.status.tableSla'),
			columns: [
				{ key: 'priority', label: t('reports.col.priority'), kind: 'text' },
				{ key: 'total', label: t('reports.orders.issued'), kind: 'count' },
				{ key: 'met', label: t('reports.status.met'), kind: 'count' },
				{ key: 'breached', label: t('reports.status.breached'), kind: 'count' },
				{ key: 'onTrack', label: t('reports.status.onTrack'), kind: 'count' },
				{ key: 'compliance', label: t('reports.status.compliance'), kind: 'percent' }
			],
			rows: priorityRows.map((r) => ({
				cells: {
					priority: name('priority', r.priority_id),
					total: r.total,
					met: r.met,
					breached: r.breached,
					onTrack: r.open_on_track,
					compliance: percent(r.total - r.breached, r.total)
				},
				links: {
					total: searchLink('orders', filters, 'ordered', { priorityId: r.priority_id }),
					breached: searchLink('orders', filters, 'ordered', {
						priorityId: r.priority_id,
						slaBreached: true
					})
				}
			}))
		}
	];
	const counters = counterSection ? await counterSection(filters, locale) : null;
	if (counters) tables.push(counters);

	return {
		key: 'status',
		title: t('reports.status.title'),
		period: { from: isoDayOf(filters.from), to: isoDayOf(filters.to) },
		generatedAt: filters.now.toISOString(),
		summary: [
			{
				label: t('reports.status.open'),
				value: openTotal,
				kind: 'count',
				link: searchLink('requests', filters, null, {
					status: STATUSES.filter((s) => !(FINAL_STATUSES as readonly string[]).includes(s))
				})
			},
			{
				label: t('reports.status.bottleneckLabel'),
				value: bottleneck ? (statusRows.find((r) => r.status === bottleneck)?.count ?? 0) : null,
				kind: 'count',
				link: bottleneck ? statusLink(bottleneck) : undefined
			},
			{
				label: t('reports.status.compliance'),
				value: percent(slaTotal - slaBreached, slaTotal),
				kind: 'percent'
			},
			{
				label: t('reports.status.breached'),
				value: slaBreached,
				kind: 'count',
				link: searchLink('orders', filters, 'ordered', { slaBreached: true })
			}
		],
		charts: [
			{
				id: 'ageing',
				title: t('reports.status.chartAgeing'),
				type: 'bar',
				unit: 'count',
				stacked: true,
				labels: statusRows.map((r) => statusName(r.status)),
				highlight: bottleneck ? statusRows.findIndex((r) => r.status === bottleneck) : undefined,
				datasets: (['b1', 'b2', 'b3', 'b4'] as const).map((k, i) => ({
					label: t(`reports.status.bucket${i + 1}` as MessageKey),
					data: statusRows.map((r) => r[k]),
					links: statusRows.map((r) => statusLink(r.status))
				}))
			},
			{
				id: 'sla',
				title: t('reports.status.chartSla'),
				type: 'bar',
				unit: 'percent',
				labels: priorityRows.map((r) => name('priority', r.priority_id)),
				datasets: [
					{
						label: t('reports.status.compliance'),
						data: priorityRows.map((r) => percent(r.total - r.breached, r.total)),
						links: priorityRows.map((r) =>
							searchLink('orders', filters, 'ordered', {
								priorityId: r.priority_id,
								slaBreached: true
							})
						)
					}
				]
			}
		],
		tables
	};
}
