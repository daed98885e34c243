/**
 * Reports benchmark: `npm run bench:reports` (PostgreSQL, 1,000,000 requests) or
 * `npm run bench:reports -- --pglite` (embedded, 100,000 requests).
 *
 * Loads the report facts set-based in a scratch database from the same generator as the search
 * benchmark (`scripts/bench-data.ts`: branches, technicians, priorities, service types, agencies,
 * statuses and dates of one million requests over two years), plus the rows the reports join
 * (requests, units, warranties). Then runs each report through `runReport` under several filter
 * sets and prints p50/max next to a same-run floor: one `count(*)` over the fact rows the report
 * reads (the cost of touching the data at all).
 *
 * Options: --rows N, --url postgres://…, --pglite, --keep (reuse an already loaded database),
 * --runs N (timed runs per case, default 5).
 */
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import postgres from 'postgres';
import type { Actor } from '../src/lib/server/auth/access';
import { openDatabase, useDatabase, type Executor } from '../src/lib/server/db';
import { ROLLUP_TABLES, rebuildReportRollups } from '../src/lib/server/reports/facts';
import { runReport, type ReportKey } from '../src/lib/server/reports/index';
import { BRANCHES, NOW, STATUSES, TECHNICIANS, arr, columnsFor, serialDigits } from './bench-data';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
};
const usePglite = flag('pglite');
const ROWS = Number(option('rows') ?? (usePglite ? 100_000 : 1_000_000));
const RUNS = Number(option('runs') ?? 5);
const URL_ =
	option('url') ??
	process.env.BENCH_DATABASE_URL ??
	'postgres://postgres@127.0.0.1:5432/khadamat_bench_reports';
const AGENCIES = 20;

/** The generator's expression for one column of row `g` (requests) or `r` (orders, logs). */
function column(kind: 'request' | 'order' | 'work_log', name: string): SQL {
	const found = columnsFor(kind, String(ROWS)).find(([c]) => c === name);
	if (!found) throw new Error(`no generated column ${name}`);
	return found[1];
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
	const t0 = performance.now();
	await run();
	console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function load(db: Executor): Promise<void> {
	const exec = (q: SQL) => db.execute(q);
	const n = sql.raw(String(ROWS));
	await exec(
		sql.raw(
			`truncate report_request_fact, report_order_fact, report_qc_fact, report_part_fact, ${ROLLUP_TABLES.join(', ')}, warranty, unit, service_request, agency, product, branch restart identity cascade`
		)
	);
	await exec(sql`insert into branch (code, name_fa, name_en)
		select 'B' || lpad(b::text, 2, '0'), 'شعبهٔ ' || b, 'Branch ' || b from generate_series(1, ${sql.raw(String(BRANCHES))}) b`);
	await exec(sql`insert into agency (code, name, branch_id)
		select 'AG-' || a, 'نمایندگی ' || a, 1 + a % ${sql.raw(String(BRANCHES))} from generate_series(1, ${sql.raw(String(AGENCIES))}) a`);
	// Products 1–8 are the generator's goods (product_id = 1 + i % 8); 9–11 are parts.
	await exec(sql`insert into product (code, name_fa, name_en, price_rials)
		select 'P' || (p - 1), 'کالای ' || p, 'product ' || (p - 1), 500000000 from generate_series(1, 8) p
		union all select 'PART' || p, 'قطعهٔ ' || p, 'part ' || p, 10000000 * p from generate_series(1, 3) p`);
	await time(`unit (${ROWS.toLocaleString('en')})`, () =>
		exec(sql`insert into unit (product_id, serial, serial_norm)
			select 1 + g % 8, 'SN' || ${serialDigits('g')}, 'SN' || ${serialDigits('g')}
			from generate_series(1, ${n}) g`)
	);
	// Warranties end spread over four years around "now", so about 2 % end in any 30 days.
	await time('warranty', () =>
		exec(sql`insert into warranty (serial, serial_norm, type_id, unit_id, starts_on, ends_on, active)
			select 'W' || ${serialDigits('g + 7')}, 'W' || ${serialDigits('g + 7')}, 1, g,
				timestamptz '2024-04-01' + (g::float8 / ${n}) * interval '730 days',
				timestamptz '2024-04-01' + ((g::bigint * 7919) % ${n})::float8 / ${n} * interval '1460 days' + interval '365 days',
				g % 50 <> 0
			from generate_series(1, ${n}) g`)
	);
	const statuses = arr(STATUSES);
	const received = column('request', 'received_at');
	await time('service_request', () =>
		exec(sql`insert into service_request (branch_id, jalali_year, seq, form_number, agency_id, channel,
				unit_id, product_id, coverage, status, status_changed_at, created_at, updated_at)
			select ${column('request', 'branch_id')}, 1404, g, ${column('request', 'form_number')},
				${column('request', 'agency_id')}, ${column('request', 'channel')}, g, ${column('request', 'product_id')},
				${column('request', 'coverage')}, (${statuses})[1 + g % 10], ${received}, ${received}, ${received}
			from generate_series(1, ${n}) g`)
	);
	const ordered = sql`g % 10 < 8`;
	await time('report_request_fact', () =>
		exec(sql`insert into report_request_fact (request_id, branch_id, agency_id, product_id, unit_id,
				technician_id, service_type_id, priority_id, status, status_since, received_at, ordered_at,
				qc_approved_at, delivered_at, replaced_at, reception_to_delivery_minutes, order_to_qc_minutes,
				in_warranty, replacement_flag, repeat_gap_days)
			select g, ${column('request', 'branch_id')}, ${column('request', 'agency_id')},
				${column('request', 'product_id')}, g,
				case when ${ordered} then ${column('request', 'technician_id')} end,
				case when ${ordered} then ${column('request', 'service_type_id')} end,
				case when ${ordered} then ${column('request', 'priority_id')} end,
				(${statuses})[1 + g % 10],
				least(${received} + (g % 5) * interval '1 day', ${NOW.toISOString()}::timestamptz),
				${received}, ${column('request', 'ordered_at')},
				case when g % 10 < 6 then ${column('request', 'resolved_at')} end,
				case when (${statuses})[1 + g % 10] = 'delivered' then ${received} + (1 + g % 9) * interval '1 day' end,
				null,
				case when (${statuses})[1 + g % 10] = 'delivered' then 240 + (g * 37) % 6000 end,
				case when g % 10 < 6 then 120 + (g * 53) % 4000 end,
				${column('request', 'in_warranty')}, ${column('request', 'replacement_flag')},
				case when g % 41 = 0 then g % 120 end
			from generate_series(1, ${n}) g`)
	);
	await time('report_order_fact', () =>
		exec(sql`insert into report_order_fact (order_id, request_id, branch_id, agency_id, technician_id,
				service_type_id, priority_id, status, issued_at, due_at, closed_at)
			select r, r, ${column('order', 'branch_id')}, ${column('order', 'agency_id')},
				${column('order', 'technician_id')}, ${column('order', 'service_type_id')},
				${column('order', 'priority_id')}, (array['open','in_progress','done','done','reassigned'])[1 + r % 5],
				${column('order', 'ordered_at')}, ${column('order', 'due_at')},
				case when r % 5 >= 2 then ${column('order', 'due_at')} + ((r % 3) - 1) * interval '1 day' end
			from generate_series(1, ${n}) r where r % 10 < 8`)
	);
	await time('report_qc_fact', () =>
		exec(sql`insert into report_qc_fact (review_id, request_id, branch_id, agency_id, technician_id,
				service_type_id, priority_id, logged_at, reviewed_at, approved, score)
			select r, r, ${column('work_log', 'branch_id')}, ${column('work_log', 'agency_id')},
				${column('work_log', 'technician_id')}, ${column('work_log', 'service_type_id')},
				${column('work_log', 'priority_id')}, ${column('work_log', 'created_at')},
				${column('work_log', 'created_at')} + interval '4 hours', r % 4 <> 3, 40 + r % 61
			from generate_series(1, ${n}) r where r % 10 < 6`)
	);
	await time('report_part_fact', () =>
		exec(sql`insert into report_part_fact (work_log_part_id, request_id, branch_id, agency_id,
				technician_id, service_type_id, priority_id, product_id, part_id, quantity, cost_rials,
				under_warranty, logged_at)
			select r, r, ${column('work_log', 'branch_id')}, ${column('work_log', 'agency_id')},
				${column('work_log', 'technician_id')}, ${column('work_log', 'service_type_id')},
				${column('work_log', 'priority_id')}, ${column('work_log', 'product_id')}, 9 + r % 3,
				1 + r % 2, (1 + r % 2) * 10000000 * (1 + r % 3), r % 3 = 0, ${column('work_log', 'created_at')}
			from generate_series(1, ${n}) r where r % 10 < 6`)
	);
	await time('daily rollups', () => rebuildReportRollups(db));
	for (const table of [
		...ROLLUP_TABLES,
		'report_request_fact',
		'report_order_fact',
		'report_qc_fact',
		'report_part_fact',
		'warranty',
		'unit',
		'service_request'
	])
		await exec(sql.raw(`vacuum analyze ${table}`));
}

interface Case {
	label: string;
	filters: Record<string, unknown>;
	agencyId?: number;
}

const CASES: Case[] = [
	{ label: 'last 12 months', filters: {} },
	{ label: 'two years', filters: { from: '2024-04-01', to: '2026-03-31' } },
	{
		label: 'one month, one branch',
		filters: { from: '2026-02-01', to: '2026-02-28', branchId: 3 }
	},
	{ label: '12 months, one technician', filters: { technicianId: 7 } },
	{ label: '12 months, priority + service type', filters: { priorityId: 2, serviceTypeId: 1 } },
	{ label: 'agency user', filters: {}, agencyId: 5 }
];

function actorFor(agencyId: number | null): Actor {
	return {
		user: { id: 1, branchId: null, agencyId } as Actor['user'],
		grants: { reports: 'view' },
		sessionId: 'bench',
		via: 'cookie'
	};
}

/** The floor of a case: count the fact rows the report reads for that period and scope. */
function floorSql(key: ReportKey, c: Case): SQL {
	const from = String(c.filters.from ?? '2025-04-01');
	const to = String(c.filters.to ?? '2026-03-31');
	const [table, column] =
		key === 'orders'
			? ['report_order_fact', 'issued_at']
			: key === 'quality'
				? ['report_qc_fact', 'logged_at']
				: key === 'status'
					? ['report_request_fact', 'status_since']
					: ['report_request_fact', 'received_at'];
	const extra = [
		c.filters.branchId ? `branch_id = ${Number(c.filters.branchId)}` : null,
		c.filters.technicianId ? `technician_id = ${Number(c.filters.technicianId)}` : null,
		c.agencyId ? `agency_id = ${c.agencyId}` : null
	].filter(Boolean);
	const period =
		key === 'status'
			? 'true'
			: `${column} >= '${from}T00:00:00+03:30' and ${column} < ('${to}T00:00:00+03:30'::timestamptz + interval '1 day')`;
	return sql.raw(
		`select count(*) from ${table} where ${[period, ...extra].join(' and ')}${key === 'status' ? ` and status not in ('delivered', 'replaced', 'cancelled')` : ''}`
	);
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main() {
	let db: Executor;
	let close: () => Promise<void>;
	if (usePglite) {
		const handle = await openDatabase({ dataDir: 'memory://' });
		db = handle.db;
		close = handle.close;
		useDatabase(handle);
	} else {
		const url = new URL(URL_);
		const name = url.pathname.slice(1);
		const admin = postgres({
			host: url.hostname,
			port: Number(url.port || 5432),
			user: url.username || 'postgres',
			database: 'postgres',
			onnotice: () => {}
		});
		const exists = await admin`select 1 from pg_database where datname = ${name}`;
		if (!flag('keep') || !exists.length) {
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.unsafe(`create database "${name}"`);
		}
		await admin.end();
		const handle = await openDatabase({ url: URL_ });
		db = handle.db;
		close = handle.close;
		useDatabase(handle);
	}
	console.log(
		`Reports benchmark on ${usePglite ? 'PGlite (embedded)' : 'PostgreSQL'}: ${ROWS.toLocaleString('en')} requests, ${TECHNICIANS} technicians, ${BRANCHES} branches`
	);
	if (!flag('keep')) {
		console.log('Loading (set-based):');
		await load(db);
	} else {
		// A kept database may predate the rollups (it is migrated on open): rebuild them.
		await time('daily rollups (kept facts)', () => rebuildReportRollups(db));
		for (const table of ROLLUP_TABLES) await db.execute(sql.raw(`vacuum analyze ${table}`));
	}
	const keys: ReportKey[] = ['durations', 'orders', 'status', 'quality', 'warranty'];
	console.log(`\n| report | case | p50 ms | max ms | floor ms |`);
	console.log('|---|---|---|---|---|');
	let worst = 0;
	for (const key of keys) {
		for (const c of CASES) {
			const actor = actorFor(c.agencyId ?? null);
			await runReport(actor, key, c.filters, 'fa', NOW); // warm-up
			const times: number[] = [];
			for (let i = 0; i < RUNS; i++) {
				const t0 = performance.now();
				await runReport(actor, key, c.filters, 'fa', NOW);
				times.push(performance.now() - t0);
			}
			const t1 = performance.now();
			await db.execute(floorSql(key, c));
			const floor = performance.now() - t1;
			times.sort((a, b) => a - b);
			worst = Math.max(worst, times[times.length - 1]!);
			console.log(
				`| ${key} | ${c.label} | ${percentile(times, 50).toFixed(0)} | ${times[times.length - 1]!.toFixed(0)} | ${floor.toFixed(0)} |`
			);
		}
	}
	console.log(`\nSlowest report run: ${worst.toFixed(0)} ms (target ≤ 1000 ms).`);
	await close();
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
