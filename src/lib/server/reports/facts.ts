/**
 * The reports' read model: fact rows recomputed from the service tables for the requests an
 * event touches, inside the writing transaction (registered with registerProjector), so a report
 * right after a change already counts it. Working minutes are computed here, once, on each
 * branch's calendar (weekly hours + holidays from the service calendar), not at every view.
 */
import { sql, type SQL } from 'drizzle-orm';
import { fromJalali, toJalali } from '#lib/domain/jalali';
import { FINAL_STATUSES } from '#lib/domain/lifecycle';
import { workingMinutesBetween, type BranchCalendar } from '#lib/domain/working-time';
import type { Executor } from '../db';
import { registerProjector, type DomainEventInput } from '../events/record';
import { intArray } from '../search/fold-sql';
import { SEARCH_EVENT_PREFIXES, requestsOfEvent } from '../search/projector';
import { rowsOf } from '../search/rows';
import { isoDayOf } from '../search/params';
import { loadBranchCalendar } from '../service/calendar';

// The request's current order: the newest one still in force, else the newest (as search does).
const CURRENT_ORDER = sql.raw(`left join lateral (
		select * from service_order o1 where o1.request_id = r.id
		order by (o1.status in ('reassigned', 'cancelled')), o1.id desc limit 1
	) o on true`);

// A unit back within a year of its last delivery counts as a repeat repair.
const REPEAT_WINDOW_DAYS = 365;

const FACT_TABLES = [
	'report_request_fact',
	'report_order_fact',
	'report_qc_fact',
	'report_part_fact'
];

function requestFactsSql(where: SQL) {
	return sql`insert into report_request_fact (request_id, branch_id, agency_id, product_id, unit_id,
			technician_id, service_type_id, priority_id, status, status_since, received_at, ordered_at,
			qc_approved_at, delivered_at, replaced_at, in_warranty, replacement_flag, repeat_gap_days,
			reception_to_delivery_minutes, order_to_qc_minutes, updated_at)
		select r.id, r.branch_id, r.agency_id, r.product_id, r.unit_id,
			o.technician_id, o.service_type_id, o.priority_id, r.status, r.status_changed_at, r.created_at,
			(select min(o2.created_at) from service_order o2 where o2.request_id = r.id),
			(select min(q.created_at) from qc_review q where q.request_id = r.id and q.decision = 'approved'),
			d.delivered_at, rp.created_at,
			r.coverage in ('active', 'grace'), r.replacement_flag,
			(select floor(extract(epoch from (r.created_at - max(d2.delivered_at))) / 86400)::int
				from service_request r2 join delivery d2 on d2.request_id = r2.id
				where r.unit_id is not null and r2.unit_id = r.unit_id and r2.id <> r.id
					and d2.delivered_at <= r.created_at
					and d2.delivered_at > r.created_at - ${sql.raw(`interval '${REPEAT_WINDOW_DAYS} days'`)}),
			null, null, now()
		from service_request r
		${CURRENT_ORDER}
		left join delivery d on d.request_id = r.id
		left join replacement rp on rp.request_id = r.id
		where ${where}
		on conflict (request_id) do update set branch_id = excluded.branch_id,
			agency_id = excluded.agency_id, product_id = excluded.product_id, unit_id = excluded.unit_id,
			technician_id = excluded.technician_id, service_type_id = excluded.service_type_id,
			priority_id = excluded.priority_id, status = excluded.status,
			status_since = excluded.status_since, received_at = excluded.received_at,
			ordered_at = excluded.ordered_at, qc_approved_at = excluded.qc_approved_at,
			delivered_at = excluded.delivered_at, replaced_at = excluded.replaced_at,
			in_warranty = excluded.in_warranty, replacement_flag = excluded.replacement_flag,
			repeat_gap_days = excluded.repeat_gap_days, updated_at = excluded.updated_at`;
}

function orderFactsSql(where: SQL) {
	return sql`insert into report_order_fact (order_id, request_id, branch_id, agency_id, technician_id,
			service_type_id, priority_id, status, issued_at, due_at, closed_at)
		select o.id, o.request_id, r.branch_id, r.agency_id, o.technician_id, o.service_type_id,
			o.priority_id, o.status, o.created_at, o.due_at, o.closed_at
		from service_order o join service_request r on r.id = o.request_id
		where ${where}`;
}

function qcFactsSql(where: SQL) {
	return sql`insert into report_qc_fact (review_id, request_id, branch_id, agency_id, technician_id,
			service_type_id, priority_id, logged_at, reviewed_at, approved, score)
		select q.id, q.request_id, r.branch_id, r.agency_id, wl.technician_id, o.service_type_id,
			o.priority_id, wl.created_at, q.created_at, q.decision = 'approved', q.score
		from qc_review q
		join work_log wl on wl.id = q.work_log_id
		join service_order o on o.id = wl.order_id
		join service_request r on r.id = q.request_id
		where ${where}`;
}

// A part is on the warranty when the request's latest estimate says "no charge", or, when no
// estimate was declared, when the unit was covered at reception (as the stock projector decides).
function partFactsSql(where: SQL) {
	return sql`insert into report_part_fact (work_log_part_id, request_id, branch_id, agency_id,
			technician_id, service_type_id, priority_id, product_id, part_id, quantity, cost_rials,
			under_warranty, logged_at)
		select wp.id, wl.request_id, r.branch_id, r.agency_id, wl.technician_id, o.service_type_id,
			o.priority_id, r.product_id, wp.product_id, wp.quantity,
			round(wp.quantity * p.price_rials)::bigint,
			coalesce((select e.no_charge from estimate e where e.request_id = r.id and e.status <> 'superseded'
				order by e.id desc limit 1), r.coverage in ('active', 'grace')),
			wl.created_at
		from work_log_part wp
		join work_log wl on wl.id = wp.work_log_id
		join service_order o on o.id = wl.order_id
		join service_request r on r.id = wl.request_id
		join product p on p.id = wp.product_id
		where ${where}`;
}

interface DurationRow {
	request_id: number;
	branch_id: number;
	received_at: string | Date;
	ordered_at: string | Date | null;
	qc_approved_at: string | Date | null;
	delivered_at: string | Date | null;
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/** Fills the working-minute durations of the given requests' facts from their branch calendars. */
async function fillDurations(tx: Executor, where: SQL): Promise<void> {
	const rows = rowsOf<DurationRow>(
		await tx.execute(sql`select f.request_id, f.branch_id, f.received_at, f.ordered_at,
				f.qc_approved_at, f.delivered_at
			from report_request_fact f join service_request r on r.id = f.request_id
			where ${where} and (f.delivered_at is not null or f.qc_approved_at is not null)`)
	);
	if (!rows.length) return;
	const calendars = new Map<number, BranchCalendar>();
	for (const row of rows) {
		const branchId = Number(row.branch_id);
		if (!calendars.has(branchId)) {
			// One calendar per branch, holidays from the earliest reception in the batch on.
			const earliest = rows
				.filter((r) => Number(r.branch_id) === branchId)
				.reduce((min, r) => Math.min(min, asDate(r.received_at).getTime()), Infinity);
			calendars.set(branchId, await loadBranchCalendar(tx, branchId, new Date(earliest)));
		}
	}
	const updates = rows.map((row) => {
		const calendar = calendars.get(Number(row.branch_id))!;
		const delivery = row.delivered_at
			? Math.round(
					workingMinutesBetween(asDate(row.received_at), asDate(row.delivered_at), calendar)
				)
			: null;
		const qc =
			row.ordered_at && row.qc_approved_at
				? Math.round(
						workingMinutesBetween(asDate(row.ordered_at), asDate(row.qc_approved_at), calendar)
					)
				: null;
		return { id: Number(row.request_id), delivery, qc };
	});
	const ids = updates.map((u) => u.id);
	const delivery = updates.map((u) => (u.delivery === null ? 'NULL' : String(u.delivery)));
	const qc = updates.map((u) => (u.qc === null ? 'NULL' : String(u.qc)));
	await tx.execute(sql`update report_request_fact f
		set reception_to_delivery_minutes = v.delivery, order_to_qc_minutes = v.qc
		from unnest(${intArray(ids)}, ${sql.raw(`array[${delivery.join(',')}]::int[]`)},
			${sql.raw(`array[${qc.join(',')}]::int[]`)}) as v(id, delivery, qc)
		where f.request_id = v.id`);
}

/** The Tehran calendar day of a timestamptz column (Tehran keeps +03:30 all year since 1402). */
export function tehranDay(column: string): string {
	return `((${column} at time zone 'UTC') + interval '3 hours 30 minutes')::date`;
}

const KEY = ['day', 'branch_id', 'agency_id', 'technician_id', 'service_type_id', 'priority_id'];

/** The dimension values of a fact row as rollup keys (a missing one is 0). */
function keyOf(dateColumn: string): string {
	return `${tehranDay(dateColumn)}, branch_id, coalesce(agency_id, 0), coalesce(technician_id, 0),
		coalesce(service_type_id, 0), coalesce(priority_id, 0)`;
}

interface Rollup {
	table: string;
	from: string;
	dateColumn: string;
	/** Extra key columns after the shared ones, with the expressions that fill them. */
	extraKey: [string, string][];
	/** Measures and the aggregate of each. */
	measures: [string, string][];
	where?: string;
}

const ROLLUPS: Rollup[] = [
	{
		table: 'report_order_daily',
		from: 'report_order_fact',
		dateColumn: 'issued_at',
		extraKey: [],
		measures: [
			['issued', 'count(*)'],
			['completed', "count(*) filter (where status = 'done')"],
			['closed', 'count(closed_at)'],
			['closed_late', 'count(*) filter (where closed_at > due_at)']
		]
	},
	{
		table: 'report_open_order_daily',
		from: 'report_order_fact',
		dateColumn: 'issued_at',
		extraKey: [['due_day', tehranDay('due_at')]],
		measures: [['open', 'count(*)']],
		where: 'closed_at is null'
	},
	{
		table: 'report_qc_daily',
		from: 'report_qc_fact',
		dateColumn: 'logged_at',
		extraKey: [],
		measures: [
			['reviews', 'count(*)'],
			['rejected', 'count(*) filter (where not approved)'],
			['score_sum', 'sum(score)']
		]
	},
	{
		table: 'report_request_daily',
		from: 'report_request_fact',
		dateColumn: 'received_at',
		extraKey: [['product_id', 'product_id']],
		measures: [
			['requests', 'count(*)'],
			['repeat30', 'count(*) filter (where repeat_gap_days <= 30)'],
			['repeat90', 'count(*) filter (where repeat_gap_days <= 90)'],
			['flagged', 'count(*) filter (where replacement_flag)'],
			['replaced', "count(*) filter (where status = 'replaced')"],
			['claims', 'count(*) filter (where in_warranty)'],
			['claims_delivered', 'count(*) filter (where in_warranty and delivered_at is not null)'],
			['claims_replaced', "count(*) filter (where in_warranty and status = 'replaced')"]
		]
	},
	{
		// The status report's snapshot: open requests by the day they entered their status.
		table: 'report_open_request_daily',
		from: 'report_request_fact',
		dateColumn: 'status_since',
		extraKey: [['status', 'status']],
		measures: [
			['open', 'count(*)'],
			['since_ms', 'sum(round(extract(epoch from status_since) * 1000))']
		],
		where: `status not in (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`
	},
	{
		table: 'report_part_daily',
		from: 'report_part_fact',
		dateColumn: 'logged_at',
		extraKey: [['part_id', 'part_id']],
		measures: [
			['lines', 'count(*)'],
			['quantity', 'sum(quantity)'],
			['cost_rials', 'sum(cost_rials)']
		],
		where: 'under_warranty'
	}
];

/** Every table derived from the facts (daily rollups, duration histograms). */
export const ROLLUP_TABLES = [...ROLLUPS.map((r) => r.table), 'report_duration_monthly'];

/** Adds (sign 1) or takes away (sign -1) the facts matched by `factWhere` in every rollup. */
async function applyRollups(
	tx: Executor,
	factWhere: SQL,
	sign: 1 | -1,
	rollups: Rollup[] = ROLLUPS
): Promise<void> {
	for (const r of rollups) {
		const keys = [...KEY, ...r.extraKey.map(([c]) => c)];
		const groups = keys.map((_, i) => String(i + 1)).join(', ');
		const measures = r.measures.map(([, agg]) => `${sign} * ${agg}`).join(', ');
		const updates = r.measures.map(([c]) => `${c} = ${r.table}.${c} + excluded.${c}`).join(', ');
		const extra = r.extraKey.map(([, expr]) => `, ${expr}`).join('');
		await tx.execute(sql`insert into ${sql.raw(r.table)} (${sql.raw([...keys, ...r.measures.map(([c]) => c)].join(', '))})
			select ${sql.raw(keyOf(r.dateColumn) + extra)}, ${sql.raw(measures)}
			from ${sql.raw(r.from)} where ${factWhere} ${sql.raw(r.where ? `and ${r.where}` : '')}
			group by ${sql.raw(groups)} order by ${sql.raw(groups)}
			on conflict (${sql.raw(keys.join(', '))}) do update set ${sql.raw(updates)}`);
	}
}

/** The technician id of a month's histogram over every technician. */
export const ALL_TECHNICIANS = -1;

/** Durations are counted per 6-minute bucket, the 0.1 working hour the report shows. */
export const DURATION_BUCKET_MINUTES = 6;

/** A duration column rounded to its bucket (integer arithmetic, half up), as SQL. */
export function durationBucket(column: string): string {
	const b = DURATION_BUCKET_MINUTES;
	return `(${column} + ${b / 2}) / ${b} * ${b}`;
}

/** The Jalali months (their starting instants) from the one holding `from` to the one holding `to`. */
export function jalaliMonthStarts(from: Date, to: Date): Date[] {
	const out: Date[] = [];
	let { jy, jm } = toJalali(from);
	const last = toJalali(to);
	while (jy < last.jy || (jy === last.jy && jm <= last.jm)) {
		out.push(fromJalali(jy, jm, 1));
		[jy, jm] = jm === 12 ? [jy + 1, 1] : [jy, jm + 1];
	}
	return out;
}

/**
 * Adds (1) or takes away (-1) the durations of the facts matched by `factWhere` in the monthly
 * histograms. The month of each fact is found in SQL from the Jalali month starts its receptions
 * span (computed here: SQL has no Jalali calendar).
 */
async function applyDurationHistograms(tx: Executor, factWhere: SQL, sign: 1 | -1): Promise<void> {
	const [span] = rowsOf<{ lo: string | Date | null; hi: string | Date | null }>(
		await tx.execute(sql`select min(received_at) as lo, max(received_at) as hi
			from report_request_fact where ${factWhere}
				and (reception_to_delivery_minutes is not null or order_to_qc_minutes is not null)`)
	);
	if (!span?.lo || !span.hi) return;
	const starts = jalaliMonthStarts(asDate(span.lo), asDate(span.hi));
	const instants = sql.raw(
		`array[${starts.map((d) => `'${d.toISOString()}'`).join(',')}]::timestamptz[]`
	);
	const days = sql.raw(`array[${starts.map((d) => `'${isoDayOf(d)}'`).join(',')}]::date[]`);
	// Each technician's rows, and the month's rows over all technicians (ALL_TECHNICIANS).
	await tx.execute(sql`insert into report_duration_monthly (month, technician_id, metric, bucket, n)
		select month, case when grouping(tech) = 1 then ${sql.raw(String(ALL_TECHNICIANS))} else tech end,
			m, v, ${sql.raw(String(sign))} * count(*)
		from (
			select (${days})[width_bucket(f.received_at, ${instants})] as month,
				coalesce(f.technician_id, 0) as tech, x.m, x.v
			from report_request_fact f
			cross join lateral (values (1, ${sql.raw(durationBucket('f.reception_to_delivery_minutes'))}),
				(2, ${sql.raw(durationBucket('f.order_to_qc_minutes'))})) as x(m, v)
			where ${factWhere} and x.v is not null
		) f
		group by grouping sets ((month, tech, m, v), (month, m, v)) order by 1, 2, 3, 4
		on conflict (month, technician_id, metric, bucket)
			do update set n = report_duration_monthly.n + excluded.n`);
}

/** Recomputes every fact of the given requests (request, orders, QC reviews, parts). */
export async function refreshReportFacts(
	tx: Executor,
	requestIds: readonly number[]
): Promise<void> {
	const ids = [...new Set(requestIds)];
	if (!ids.length) return;
	const list = intArray(ids);
	await refreshWhere(tx, sql`r.id = any(${list})`, sql`request_id = any(${list})`);
}

async function refreshWhere(tx: Executor, where: SQL, factWhere: SQL): Promise<void> {
	// The rollups lose what these requests counted before and gain what they count now.
	await applyRollups(tx, factWhere, -1);
	await applyDurationHistograms(tx, factWhere, -1);
	await tx.execute(requestFactsSql(where));
	// Orders, reviews and parts can disappear (a rolled-back draft, an edited work log), so their
	// facts are replaced rather than upserted.
	for (const table of ['report_order_fact', 'report_qc_fact', 'report_part_fact'])
		await tx.execute(sql`delete from ${sql.raw(table)} where ${factWhere}`);
	await tx.execute(orderFactsSql(where));
	await tx.execute(qcFactsSql(where));
	await tx.execute(partFactsSql(where));
	await applyRollups(tx, factWhere, 1);
	await fillDurations(tx, where);
	await applyDurationHistograms(tx, factWhere, 1);
}

/** Rebuilds the facts of every request in batches (after a migration, for the demo, repairs). */
export async function rebuildAllReportFacts(
	db: Executor,
	options: { batch?: number; onProgress?: (done: number) => void } = {}
): Promise<number> {
	const batch = options.batch ?? 2_000;
	// From scratch: facts and rollups of requests that no longer exist must not survive.
	for (const table of [...FACT_TABLES, ...ROLLUP_TABLES])
		await db.execute(sql.raw(`delete from ${table}`));
	let last = 0;
	let done = 0;
	for (;;) {
		const rows = rowsOf<{ id: number }>(
			await db.execute(
				sql`select id from service_request where id > ${last} order by id limit ${batch}`
			)
		);
		if (!rows.length) return done;
		const first = Number(rows[0]!.id);
		last = Number(rows[rows.length - 1]!.id);
		await refreshWhere(
			db,
			sql`r.id between ${first} and ${last}`,
			sql`request_id between ${first} and ${last}`
		);
		done += rows.length;
		options.onProgress?.(done);
	}
}

/** Whether facts are missing for existing requests (a database that predates the reports). */
export async function reportFactsMissing(db: Executor): Promise<boolean> {
	const [row] = rowsOf<{ missing: boolean }>(
		await db.execute(
			sql`select exists (select 1 from service_request) and not exists (select 1 from report_request_fact) as missing`
		)
	);
	return Boolean(row?.missing);
}

/** Rewrites the report facts an event touches, in the caller's transaction. */
export async function projectReportEvent(tx: Executor, event: DomainEventInput): Promise<void> {
	await refreshReportFacts(tx, await requestsOfEvent(tx, event));
}

registerProjector({
	name: 'reports',
	eventPrefixes: SEARCH_EVENT_PREFIXES,
	project: projectReportEvent
});

/**
 * Fills the facts once for a database whose requests predate the reports (run in the
 * background at start; later changes are kept in step by the projector).
 */
export async function ensureReportFacts(db: Executor): Promise<void> {
	if (!(await reportFactsMissing(db))) return ensureReportRollups(db);
	const count = await rebuildAllReportFacts(db);
	console.log(`Report facts built for ${count} requests.`);
}

const OPEN_ROLLUP = ROLLUPS.find((r) => r.table === 'report_open_request_daily')!;

/**
 * Fills the rollups a migration added after the facts existed (the open-request rollup and the
 * duration histograms arrive empty): once, when the facts would put rows in them and they have
 * none. The tables are locked meanwhile, so a change projected at the same moment waits and is
 * then counted once.
 */
export async function ensureReportRollups(db: Executor): Promise<void> {
	const [row] = rowsOf<{ open: boolean; durations: boolean }>(
		await db.execute(sql`select
			exists (select 1 from report_request_fact where ${sql.raw(OPEN_ROLLUP.where!)})
				and not exists (select 1 from report_open_request_daily) as open,
			exists (select 1 from report_request_fact
				where reception_to_delivery_minutes is not null or order_to_qc_minutes is not null)
				and not exists (select 1 from report_duration_monthly) as durations`)
	);
	if (!row?.open && !row?.durations) return;
	await db.transaction(async (tx) => {
		await tx.execute(
			sql`lock table report_open_request_daily, report_duration_monthly in exclusive mode`
		);
		if (row.open) {
			await tx.execute(sql`delete from report_open_request_daily`);
			await applyRollups(tx, sql`true`, 1, [OPEN_ROLLUP]);
		}
		if (row.durations) {
			await tx.execute(sql`delete from report_duration_monthly`);
			await applyDurationHistograms(tx, sql`true`, 1);
		}
	});
	console.log('Report rollups added since the facts were built: filled.');
}

/** Recomputes every daily rollup and duration histogram from the facts as they stand. */
export async function rebuildReportRollups(db: Executor): Promise<void> {
	for (const table of ROLLUP_TABLES) await db.execute(sql.raw(`delete from ${table}`));
	await applyRollups(db, sql`true`, 1);
	await applyDurationHistograms(db, sql`true`, 1);
}
