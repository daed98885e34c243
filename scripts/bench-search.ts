/**
 * Search benchmark: `npm run bench:search` (PostgreSQL, 1,000,000 requests) or
 * `npm run bench:search -- --pglite` (embedded, 100,000 requests).
 *
 * Seeds the search documents set-based (generate_series, indexes built after the load) in a
 * scratch database, runs a fixed mix of 1,000 queries through the Postgres engine, and prints
 * p50/p95/p99 per kind next to the equivalent single-index SQL lookup (the floor). With
 * `--explain` it runs each kind's slowest case again, records every statement the engine sends
 * for it, and prints EXPLAIN ANALYZE of each (PostgreSQL).
 *
 * Options: --rows N, --url postgres://…, --pglite, --explain, --keep (reuse an already seeded database).
 */
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { toPersianDigits } from '../src/lib/domain/text';
import {
	BRANCHES,
	COMPLAINTS,
	FIRST,
	LAST,
	NOW,
	STATUSES,
	TECHNICIANS,
	arr,
	columnsFor,
	pick
} from './bench-data';
import { openDatabase, schema, type Executor } from '../src/lib/server/db';
import { searchTable } from '../src/lib/server/search/postgres-engine';
import { SEARCH_SCHEMAS, type SearchParams } from '../src/lib/server/search/params';
import { rowsOf } from '../src/lib/server/search/rows';
import { encodeCursor } from '../src/lib/server/catalog/paging';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
};
const usePglite = flag('pglite');
const ROWS = Number(option('rows') ?? (usePglite ? 100_000 : 1_000_000));
const URL_ =
	option('url') ??
	process.env.BENCH_DATABASE_URL ??
	'postgres://postgres@127.0.0.1:5432/khadamat_bench_search';
/** Builds indexes on one dedicated session with a large maintenance_work_mem (PostgreSQL), else in place. */
let buildIndexes: (definitions: string[]) => Promise<void>;

async function seed(db: Executor, exec: (q: SQL) => Promise<unknown>) {
	const n = String(ROWS);
	const tables = ['search_request', 'search_order', 'search_work_log'];
	const defs = rowsOf<{ indexdef: string; indexname: string }>(
		await db.execute(
			sql`select indexname, indexdef from pg_indexes where tablename = any(${sql.raw(`array['${tables.join("','")}']`)}) and indexname not like '%_pkey'`
		)
	);
	for (const d of defs) await exec(sql.raw(`drop index if exists ${d.indexname}`));
	for (const t of tables) await exec(sql.raw(`truncate ${t}`));
	const time = async (label: string, q: SQL) => {
		const t0 = performance.now();
		await exec(q);
		console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	};
	const reqCols = columnsFor('request', n);
	const statuses = arr(STATUSES);
	await time(
		`search_request (${ROWS.toLocaleString('en')} rows)`,
		sql`insert into search_request (id, status, status_rank, complaint, ${sql.raw(reqCols.map(([c]) => c).join(', '))})
			select g, (${statuses})[1 + g % 10], 1 + g % 10, ${pick(COMPLAINTS, 'g * 17')}, ${sql.join(
				reqCols.map(([, e]) => e),
				sql`, `
			)}
			from generate_series(1, ${sql.raw(n)}) g`
	);
	// Orders for eight requests in ten, work logs for six in ten: the proportions of a working desk.
	const ordCols = columnsFor('order', n);
	await time(
		'search_order',
		sql`insert into search_order (id, status, status_rank, request_status, complaint, ${sql.raw(ordCols.map(([c]) => c).join(', '))})
			select r, (array['open','in_progress','done','done','reassigned'])[1 + r % 5], 1 + r % 5, (${statuses})[1 + r % 10], '', ${sql.join(
				ordCols.map(([, e]) => e),
				sql`, `
			)}
			from generate_series(1, ${sql.raw(n)}) r where r % 10 < 8`
	);
	const logCols = columnsFor('work_log', n);
	await time(
		'search_work_log',
		sql`insert into search_work_log (id, order_id, status, status_rank, request_status, duration_minutes, description, ${sql.raw(logCols.map(([c]) => c).join(', '))})
			select r, r, (array['submitted','approved','approved','rejected'])[1 + r % 4], 1 + r % 4, (${statuses})[1 + r % 10], 15 + r % 240, 'تعویض قطعه', ${sql.join(
				logCols.map(([, e]) => e),
				sql`, `
			)}
			from generate_series(1, ${sql.raw(n)}) r where r % 10 < 6`
	);
	const t0 = performance.now();
	// Two builders for two cores; each queue runs on its own session (settings are per session).
	const queues = [defs.filter((_, k) => k % 2 === 0), defs.filter((_, k) => k % 2 === 1)];
	await Promise.all(queues.map((queue) => buildIndexes(queue.map((d) => d.indexdef))));
	console.log(`  ${defs.length} indexes: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	for (const t of tables) await exec(sql.raw(`vacuum analyze ${t}`));
}

type Kind =
	| 'exact_serial'
	| 'partial_serial'
	| 'name_fragment'
	| 'filters_date_range'
	| 'facets_large'
	| 'deep_page';

interface Case {
	kind: Kind;
	params: Record<string, unknown>;
	/** The equivalent single-index lookup. */
	floor: SQL;
}

/** Latin-digit serial of row i, as the seed wrote it. */
function serialOf(i: number): string {
	return `SN${((BigInt(i) * 2654435761n) % 10_000_000_000n).toString().padStart(10, '0')}`;
}
function mobileOf(i: number): string {
	return `0${'9' + ((BigInt(i) * 48271n) % 1_000_000_000n).toString().padStart(9, '0')}`;
}
const arabic = (s: string) => s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
const iso = (d: Date) => d.toISOString().slice(0, 10);

async function buildCases(db: Executor): Promise<Case[]> {
	let seedValue = 42;
	const rand = () => {
		seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31;
		return seedValue / 2 ** 31;
	};
	const row = () => 1 + Math.floor(rand() * ROWS);
	const cases: Case[] = [];
	for (let k = 0; k < 150; k++) {
		const s = serialOf(row());
		const typed =
			k % 3 === 0
				? toPersianDigits(s)
				: k % 3 === 1
					? `${s.slice(0, 2)}-${s.slice(2, 6)}-${s.slice(6)}`
					: s;
		cases.push({
			kind: 'exact_serial',
			params: { q: typed },
			floor: sql`select id from search_request where keys @> array[${`p:${s}`}]::text[] limit 26`
		});
	}
	for (let k = 0; k < 150; k++) {
		const tail = serialOf(row()).slice(-6);
		cases.push({
			kind: 'partial_serial',
			params: { q: k % 2 ? toPersianDigits(tail) : tail },
			floor: sql`select id from search_request where serials like ${`%${tail} %`} limit 26`
		});
	}
	for (let k = 0; k < 150; k++) {
		const i = row();
		const first = FIRST[(i * 7) % FIRST.length]!;
		const last = LAST[Math.floor(i / 16) % LAST.length]!;
		const fragment =
			k % 3 === 0
				? `${arabic(first)} ${arabic(last)}`
				: k % 3 === 1
					? `${arabic(last)} ${toPersianDigits(mobileOf(i).slice(-4))}`
					: arabic(last.slice(0, 4));
		cases.push({
			kind: 'name_fragment',
			params: { q: fragment },
			floor: sql`select id from search_request where text_norm like ${`%${last.slice(0, 4)}%`} order by created_at desc, id desc limit 26`
		});
	}
	for (let k = 0; k < 200; k++) {
		const start = new Date(Date.UTC(2024, 3, 1) + Math.floor(rand() * 700) * 86_400_000);
		const end = new Date(start.getTime() + (7 + Math.floor(rand() * 60)) * 86_400_000);
		const variant = k % 4;
		const params: Record<string, unknown> =
			variant === 0
				? {
						branchId: 1 + (k % BRANCHES),
						status: 'awaiting_repair,awaiting_qc',
						receivedFrom: iso(start),
						receivedTo: iso(end)
					}
				: variant === 1
					? {
							technicianId: 1 + (k % TECHNICIANS),
							priorityId: 1 + (k % 3),
							orderedFrom: iso(start),
							orderedTo: iso(end)
						}
					: variant === 2
						? {
								channel: 'phone,online',
								warranty: 'in',
								status: 'delivered',
								receivedFrom: iso(start),
								receivedTo: iso(end)
							}
						: {
								branchId: 1 + (k % BRANCHES),
								serviceTypeId: 1 + (k % 4),
								slaBreached: 'true',
								receivedFrom: iso(start),
								receivedTo: iso(end)
							};
		cases.push({
			kind: 'filters_date_range',
			params,
			floor: sql`select id from search_request where received_at >= ${start.toISOString()}::timestamptz and received_at < ${end.toISOString()}::timestamptz order by received_at limit 26`
		});
	}
	for (let k = 0; k < 150; k++) {
		const params: Record<string, unknown> =
			k % 2
				? { branchId: 1 + (k % BRANCHES) }
				: { receivedFrom: '2025-01-01', receivedTo: '2025-12-31', channel: 'in_person' };
		cases.push({
			kind: 'facets_large',
			params,
			floor: sql`select count(*) from (select 1 from search_request where branch_id = ${1 + (k % BRANCHES)} limit 10001) x`
		});
	}
	for (let k = 0; k < 200; k++) {
		const branch = 1 + (k % BRANCHES);
		const pages = Math.max(1, Math.floor(ROWS / BRANCHES / 25) - 2);
		const offset = 25 * Math.min(pages, 20 + Math.floor(rand() * Math.min(400, pages)));
		const [anchor] = rowsOf<{ created: string; id: number }>(
			await db.execute(
				sql`select created_at::text as created, id from search_request where branch_id = ${branch} order by created_at desc, id desc offset ${offset} limit 1`
			)
		);
		const cursor = encodeCursor([anchor!.created, Number(anchor!.id)]);
		cases.push({
			kind: 'deep_page',
			params: { branchId: branch, cursor },
			floor: sql`select id from search_request where branch_id = ${branch} and (created_at, id) < (${anchor!.created}::timestamptz, ${Number(anchor!.id)}) order by created_at desc, id desc limit 26`
		});
	}
	return cases;
}

/** Statements the engine sent while `captured` is set (for --explain), with their parameters. */
let captured: { query: string; params: unknown[] }[] | null = null;
/** Runs one statement on the benchmark's client (EXPLAIN ANALYZE of a captured statement). */
let runRaw: ((query: string, params: unknown[]) => Promise<Record<string, unknown>[]>) | null =
	null;

function benchDatabase(url: string): { db: Executor; close: () => Promise<void> } {
	const client = postgres(url, { max: 4, onnotice: () => {} });
	const logger = {
		logQuery(query: string, params: unknown[]) {
			captured?.push({ query, params });
		}
	};
	runRaw = async (query, params) =>
		(await client.unsafe(query, params as never[])) as unknown as Record<string, unknown>[];
	return {
		db: drizzle(client, { schema, logger }) as unknown as Executor,
		close: () => client.end()
	};
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
	let db: Executor;
	let close: () => Promise<void>;
	let queryDb: Executor | null = null;
	if (usePglite) {
		const handle = await openDatabase({ dataDir: 'memory://' });
		db = handle.db;
		close = handle.close;
		buildIndexes = async (definitions) => {
			for (const definition of definitions) await handle.db.execute(sql.raw(definition));
		};
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
		if (!flag('keep')) {
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.unsafe(`create database "${name}"`);
		} else {
			const exists = await admin`select 1 from pg_database where datname = ${name}`;
			if (!exists.length) await admin.unsafe(`create database "${name}"`);
		}
		await admin.end();
		// Migrations run on a kept database too (only the new ones apply, e.g. new indexes, built
		// on the seeded rows); the queries then run on a client that records the engine's SQL.
		const migrated = await openDatabase({ url: URL_ });
		const bench = benchDatabase(URL_);
		db = migrated.db;
		queryDb = bench.db;
		close = async () => {
			await migrated.close();
			await bench.close();
		};
		buildIndexes = async (definitions) => {
			const session = postgres(URL_, { max: 1, onnotice: () => {} });
			await session.unsafe(`set maintenance_work_mem = '2GB'`);
			for (const definition of definitions) await session.unsafe(definition);
			await session.end();
		};
	}
	const exec = (q: SQL) => db.execute(q);
	console.log(
		`Search benchmark on ${usePglite ? 'PGlite (embedded)' : 'PostgreSQL'}: ${ROWS.toLocaleString('en')} requests`
	);
	if (!flag('keep')) {
		console.log('Seeding (set-based):');
		await seed(db, exec);
	}
	if (queryDb) db = queryDb;
	const cases = await buildCases(db);
	// Warm the caches the way a running server has them.
	for (const c of cases.slice(0, 50))
		await searchTable(
			db,
			'requests',
			SEARCH_SCHEMAS.requests.parse(c.params) as SearchParams,
			{ branchId: null, agencyId: null },
			{ now: NOW }
		);
	const timings = new Map<Kind, { ms: number; c: Case }[]>();
	const floors = new Map<Kind, number[]>();
	for (const c of cases) {
		const params = SEARCH_SCHEMAS.requests.parse(c.params) as SearchParams;
		const t0 = performance.now();
		await searchTable(db, 'requests', params, { branchId: null, agencyId: null }, { now: NOW });
		const ms = performance.now() - t0;
		const t1 = performance.now();
		await db.execute(c.floor);
		const floor = performance.now() - t1;
		timings.set(c.kind, [...(timings.get(c.kind) ?? []), { ms, c }]);
		floors.set(c.kind, [...(floors.get(c.kind) ?? []), floor]);
	}
	console.log('\n| kind | n | p50 ms | p95 ms | p99 ms | floor p50 ms | floor p95 ms |');
	console.log('|---|---|---|---|---|---|---|');
	for (const [kind, list] of timings) {
		const sorted = list.map((x) => x.ms).sort((a, b) => a - b);
		const floor = (floors.get(kind) ?? []).sort((a, b) => a - b);
		console.log(
			`| ${kind} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${percentile(floor, 50).toFixed(2)} | ${percentile(floor, 95).toFixed(2)} |`
		);
	}
	if (flag('explain')) {
		if (!runRaw) console.log('\n--explain records the engine statements on PostgreSQL only.');
		for (const [kind, list] of runRaw ? timings : []) {
			const slowest = [...list].sort((a, b) => b.ms - a.ms)[0]!;
			const params = SEARCH_SCHEMAS.requests.parse(slowest.c.params) as SearchParams;
			// The slowest case once more, recording every statement the engine sends for it.
			captured = [];
			const t0 = performance.now();
			await searchTable(db, 'requests', params, { branchId: null, agencyId: null }, { now: NOW });
			const again = performance.now() - t0;
			const statements = captured;
			captured = null;
			console.log(
				`\n### ${kind}: slowest ${slowest.ms.toFixed(1)} ms (${again.toFixed(1)} ms again) — ${JSON.stringify(slowest.c.params)}`
			);
			for (const [k, statement] of statements.entries()) {
				const shown = `${statement.query} -- ${JSON.stringify(statement.params)}`;
				console.log(`\nstatement ${k + 1}: ${shown}`);
				// The planner's estimate (`explain (format json)`) is itself a statement, not a query.
				if (/^\s*explain/i.test(statement.query)) continue;
				const plan = await runRaw!(
					`explain (analyze, buffers, costs off) ${statement.query}`,
					statement.params
				);
				console.log(`\`\`\`\n${plan.map((r) => Object.values(r)[0]).join('\n')}\n\`\`\``);
			}
		}
	}
	await close();
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
