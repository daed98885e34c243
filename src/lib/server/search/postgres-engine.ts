/**
 * The Postgres search engine (default; PGlite and PostgreSQL): reads the search_* document
 * tables with keyset pagination and per-status facet counts that are exact up to a threshold
 * and estimated from a page sample beyond it.
 */
import { and, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { searchOrders, searchRequests, searchWorkLogs } from '../db/schema';
import { decodeCursor, encodeCursor } from '../catalog/paging';
import { CREATED_AT_TWIN } from './documents';
import { intArray, textArray } from './fold-sql';
import {
	isIdentifierSearch,
	isWordOnlySearch,
	searchConditions,
	wordConditions
} from './conditions';
import {
	toHit,
	type AnyHit,
	type OrderHit,
	type RequestHit,
	type SearchEngine,
	type SearchOptions,
	type SearchResult,
	type SearchScope,
	type WorkLogHit
} from './engine';
import { DEFAULT_SORT, type SearchKind, type SearchParams, type SortKey } from './params';
import { rowsOf } from './rows';

/** Up to this many matches the status counts are exact. */
export const EXACT_FACET_LIMIT = 10_000;
/**
 * The same for word searches: their matches are rechecked row by row after the trigram index,
 * so counting 10,000 of them costs what a whole page budget does (60–70 ms for a two-word name
 * on 1M documents); past this many, the counts are a labelled estimate.
 */
export const WORD_EXACT_FACET_LIMIT = 1_000;
/**
 * Rows a facet estimate reads (a page sample of the table): under 1 % of 1M documents. From 1 %
 * up PostgreSQL reads a SYSTEM sample through a small ring buffer, so its pages never stay in
 * shared buffers; below it, with a fixed seed, the same ~800 pages serve every estimate from
 * memory (3 ms instead of 7–25 ms), and the same search shows the same estimate on reload.
 */
const SAMPLE_ROWS = 9_500;
const SAMPLE_SEED = 7;
const DEFAULT_LIMIT = 25;
/**
 * Newest documents a word search reads before falling back to the trigram index. A common name
 * fragment matches a few percent of the table: walking the date index and filtering finds a page
 * within a few hundred rows, where the trigram bitmap would read and sort every match.
 */
export const WORD_WINDOW_ROWS = 5_000;

const TABLES = {
	requests: searchRequests,
	orders: searchOrders,
	'work-logs': searchWorkLogs
} as const;
const TABLE_NAMES: Record<SearchKind, string> = {
	requests: 'search_request',
	orders: 'search_order',
	'work-logs': 'search_work_log'
};

const SORT_COLUMNS: Record<SortKey, { column: string; cast: string; type: 'string' | 'number' }> = {
	created: { column: 'created_at', cast: 'timestamptz', type: 'string' },
	form: { column: 'form_number', cast: 'text', type: 'string' },
	customer: { column: 'customer_name', cast: 'text', type: 'string' },
	status: { column: 'status_rank', cast: 'int', type: 'number' },
	duration: { column: 'duration_minutes', cast: 'int', type: 'number' }
};

/** Whether a search has a date range that lands on `created_at` (directly or through its twin). */
function hasCreatedRange(kind: SearchKind, params: SearchParams): boolean {
	const twin = CREATED_AT_TWIN[kind];
	if (twin === 'received_at' && (params.receivedFrom || params.receivedTo)) return true;
	if (twin === 'ordered_at' && (params.orderedFrom || params.orderedTo)) return true;
	return Boolean(params.loggedFrom || params.loggedTo);
}

/** Matches per status among fetched documents (when they are all the matches). */
function statusCounts(rows: Record<string, unknown>[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const row of rows) counts[String(row.status)] = (counts[String(row.status)] ?? 0) + 1;
	return counts;
}

/** Sort column and direction of a `sort` value; unknown keys for a kind fall back to newest first. */
function sortOf(kind: SearchKind, sort: string | undefined) {
	const value = sort ?? DEFAULT_SORT;
	const desc = value.startsWith('-');
	const key = (desc ? value.slice(1) : value) as SortKey;
	const spec =
		key === 'duration' && kind !== 'work-logs'
			? SORT_COLUMNS.created
			: (SORT_COLUMNS[key] ?? SORT_COLUMNS.created);
	return { ...spec, desc };
}

function where(conditions: SQL[]): SQL {
	return conditions.length ? (and(...conditions) as SQL) : sql`true`;
}

/** Matches the planner expects past which the facets are sampled before any exact count. */
const PLANNED_LARGE = 4 * EXACT_FACET_LIMIT;
/**
 * Planner cost of reading a filter's matches past which their exact count is not "cheap to know"
 * and the facets are a labelled estimate: about one and a half page samples (a sample of 1M
 * documents costs ~3,300). With the covering date indexes a branch over two months costs ~900
 * and is counted; a channel filter over two months reads 70,000 index entries (~6,200), 10–60 ms
 * depending on what else runs, and is estimated.
 */
const FACET_COST_BUDGET = 5_000;
/** Planned matches up to which a filter's page is fetched whole and sorted (see runSearch). */
const FEW_PLANNED_MATCHES = 1_000;

/** The planner's row and cost estimates for reading a filter's matches (planning only). */
async function plannedScan(
	db: Executor,
	kind: SearchKind,
	filter: SQL
): Promise<{ rows: number; cost: number }> {
	const table = sql.raw(TABLE_NAMES[kind]);
	const [row] = rowsOf<Record<string, unknown>>(
		await db.execute(sql`explain (format json) select status from ${table} where ${filter}`)
	);
	const value = row ? Object.values(row)[0] : null;
	const plan = (typeof value === 'string' ? JSON.parse(value) : value) as
		{ Plan?: { 'Plan Rows'?: number; 'Total Cost'?: number } }[] | null;
	return {
		rows: Number(plan?.[0]?.Plan?.['Plan Rows'] ?? 0),
		cost: Number(plan?.[0]?.Plan?.['Total Cost'] ?? 0)
	};
}

/**
 * Per-status counts of a search (without its status filter), exact when cheap to know, else a
 * labelled estimate. Exact counts read at most limit + 1 matches in one statement. For a word
 * search, or when the planner expects many matches or a costly read, a page sample answers
 * first: a costly read is estimated from it, otherwise the exact count runs only if the sample
 * shows fewer than twice the limit.
 */
async function statusFacets(
	db: Executor,
	kind: SearchKind,
	conditions: SQL[],
	likely: 'small' | 'words' | 'unknown',
	known: { rows: number; cost: number } | null = null
): Promise<{ counts: Record<string, number>; estimated: boolean }> {
	const table = sql.raw(TABLE_NAMES[kind]);
	const filter = where(conditions);
	const limit = likely === 'words' ? WORD_EXACT_FACET_LIMIT : EXACT_FACET_LIMIT;
	let sampled: Record<string, number> | null = null;
	const planned = likely === 'unknown' ? (known ?? (await plannedScan(db, kind, filter))) : null;
	const costly = planned !== null && planned.cost > FACET_COST_BUDGET;
	if (likely === 'words' || costly || (planned && planned.rows > PLANNED_LARGE)) {
		sampled = await sampleFacets(db, kind, filter);
		const sum = Object.values(sampled).reduce((a, b) => a + b, 0);
		// A costly count is estimated whatever its size, unless the sample saw no match at all.
		if (sum > 2 * limit || (costly && sum > 0)) return { counts: sampled, estimated: true };
	}
	const bounded = rowsOf<{ status: string; n: number }>(
		await db.execute(
			sql`select status, count(*)::int as n from (select status from ${table} where ${filter} limit ${limit + 1}) x group by status`
		)
	);
	const seen = bounded.reduce((sum, r) => sum + Number(r.n), 0);
	if (seen <= limit) {
		return {
			counts: Object.fromEntries(bounded.map((r) => [r.status, Number(r.n)])),
			estimated: false
		};
	}
	// Past the threshold an exact count would read every match; a page sample of the table,
	// filtered the same way and scaled up, answers in constant time and is labelled estimated.
	const counts = sampled ?? (await sampleFacets(db, kind, filter));
	// A sample never reports fewer matches than the bounded count already proved exist.
	const sum = Object.values(counts).reduce((a, b) => a + b, 0);
	if (sum < limit && sum > 0) {
		for (const key of Object.keys(counts))
			counts[key] = Math.round((counts[key]! * (limit + 1)) / sum);
	}
	return { counts, estimated: true };
}

/** Table sizes per database, re-read at most once a minute (they only scale the sample). */
const sizes = new WeakMap<object, Map<SearchKind, { tuples: number; at: number }>>();
const SIZE_TTL_MS = 60_000;

/** The planner's row count of a document table (pg_class), cached briefly. */
async function tableSize(db: Executor, kind: SearchKind): Promise<number> {
	const known = sizes.get(db) ?? new Map<SearchKind, { tuples: number; at: number }>();
	sizes.set(db, known);
	const hit = known.get(kind);
	if (hit && Date.now() - hit.at < SIZE_TTL_MS) return hit.tuples;
	const [stats] = rowsOf<{ tuples: number }>(
		await db.execute(
			sql`select reltuples::float8 as tuples from pg_class where relname = ${TABLE_NAMES[kind]}`
		)
	);
	const tuples = Number(stats?.tuples ?? 0);
	known.set(kind, { tuples, at: Date.now() });
	return tuples;
}

/** Per-status counts from a page sample of the table, scaled up to the whole table. */
async function sampleFacets(
	db: Executor,
	kind: SearchKind,
	filter: SQL
): Promise<Record<string, number>> {
	const table = sql.raw(TABLE_NAMES[kind]);
	const tuples = await tableSize(db, kind);
	const percent = tuples > 0 ? Math.min(100, (100 * SAMPLE_ROWS) / tuples) : 100;
	const rows = rowsOf<{ status: string; n: number }>(
		await db.execute(
			sql`select status, count(*)::int as n from ${table} tablesample system (${sql.raw(percent.toFixed(4))}) repeatable (${sql.raw(String(SAMPLE_SEED))}) where ${filter} group by status`
		)
	);
	const scale = 100 / percent;
	return Object.fromEntries(rows.map((r) => [r.status, Math.round(Number(r.n) * scale)]));
}

/**
 * The first page of a word search among the newest `WORD_WINDOW_ROWS` filtered documents, as a
 * condition on `id` (the page statement reads the window itself, no separate round trip). A
 * window holding less than a full page says nothing; the trigram index answers then.
 */
function inWindow(
	kind: SearchKind,
	filters: SQL[],
	words: SQL[],
	desc: boolean,
	take: number
): SQL {
	const table = sql.raw(TABLE_NAMES[kind]);
	const direction = sql.raw(desc ? 'desc' : 'asc');
	return sql`id in (select id from (select id, created_at, text_norm, customer_norm, deliverer_norm, parts_norm from ${table} where ${where(filters)} order by created_at ${direction}, id ${direction} limit ${WORD_WINDOW_ROWS}) w where ${where(words)} order by created_at ${direction}, id ${direction} limit ${take})`;
}

/** Parses a json column (postgres.js and PGlite parse it; a driver may hand back text). */
function jsonValue<T>(value: unknown): T {
	return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * The page ids and exact status facets of a search expected to match few documents, reading the
 * matches once: one bounded scan of the facet conditions, counted per status, and the page taken
 * from the same rows (status filter and cursor applied to them). Null when the matches pass
 * EXACT_FACET_LIMIT (the page would not be the true first page of them).
 */
async function pageIdsAndFacets(
	db: Executor,
	kind: SearchKind,
	facetConditions: SQL[],
	onMatches: SQL[],
	sort: { column: string; desc: boolean },
	take: number
): Promise<{ ids: number[]; counts: Record<string, number> } | null> {
	const table = sql.raw(TABLE_NAMES[kind]);
	const direction = sql.raw(sort.desc ? 'desc' : 'asc');
	const [row] = rowsOf<{ seen: number; facets: unknown; ids: unknown }>(
		await db.execute(
			sql`with m as materialized (select id, status, ${sql.raw(sort.column)} as k from ${table} where ${where(facetConditions)} limit ${EXACT_FACET_LIMIT + 1})
			select (select count(*)::int from m) as seen,
				(select coalesce(json_object_agg(status, n), '{}'::json) from (select status, count(*)::int as n from m group by status) s) as facets,
				(select coalesce(json_agg(id), '[]'::json) from (select id from m where ${where(onMatches)} order by k ${direction}, id ${direction} limit ${take}) p) as ids`
		)
	);
	if (!row || Number(row.seen) > EXACT_FACET_LIMIT) return null;
	const counts = jsonValue<Record<string, number>>(row.facets);
	return {
		ids: jsonValue<number[]>(row.ids).map(Number),
		counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))
	};
}

/**
 * Runs one search on a document table. An identifier is looked up whole first (its array index
 * answers in a millisecond); only when nothing has it whole do its start and end match, through
 * the trigram index, whose lists for common runs like `SN` are long.
 */
export async function searchTable(
	db: Executor,
	kind: SearchKind,
	params: SearchParams,
	scope: SearchScope,
	options: SearchOptions = {}
): Promise<SearchResult<AnyHit>> {
	if (isIdentifierSearch(params)) {
		const exact = await runSearch(db, kind, params, scope, options, true);
		if (exact.items.length) return exact;
	}
	return runSearch(db, kind, params, scope, options, false);
}

async function runSearch(
	db: Executor,
	kind: SearchKind,
	params: SearchParams,
	scope: SearchScope,
	options: SearchOptions,
	exactIdentifiers: boolean
): Promise<SearchResult<AnyHit>> {
	const now = options.now ?? new Date();
	const table = TABLES[kind];
	const limit = params.limit ?? DEFAULT_LIMIT;
	const sort = sortOf(kind, params.sort);
	const conditions = searchConditions(params, scope, { now, exactIdentifiers, kind });
	const cursor = decodeCursor(params.cursor, [sort.type, 'number']);
	const column = sql.raw(sort.column);
	const pageConditions = [...conditions];
	if (cursor) {
		const op = sql.raw(sort.desc ? '<' : '>');
		pageConditions.push(
			sql`(${column}, id) ${op} (${cursor[0]}::${sql.raw(sort.cast)}, ${cursor[1]}::int)`
		);
	}
	const direction = sql.raw(sort.desc ? 'desc' : 'asc');
	const wordOnly = isWordOnlySearch(params);
	const identifier = isIdentifierSearch(params);
	const facetConditions =
		options.facets === false
			? null
			: searchConditions(params, scope, { now, withStatus: false, exactIdentifiers, kind });
	// Without a status filter or cursor the facets read the page's own conditions: same plan.
	const samePlan = !cursor && !params.status?.length;
	const filtersOnly = !identifier && !wordOnly;
	const [planned, facetPlan] = await Promise.all([
		filtersOnly && pageConditions.length ? plannedScan(db, kind, where(pageConditions)) : null,
		filtersOnly && facetConditions && !samePlan
			? plannedScan(db, kind, where(facetConditions))
			: null
	]);
	const fewMatches = planned !== null && planned.rows <= FEW_PLANNED_MATCHES;
	// A filter the planner expects few matches for, and no range bounds its walk down the sort
	// index, is fetched whole and sorted like an identifier (below): a correlation the planner
	// cannot see (a technician whose requests have no order in the range) made it walk all of
	// that technician's rows. Inside a date range on the sort key the walk stops at the range.
	const sortRanged = sort.column === 'created_at' && hasCreatedRange(kind, params);
	// An identifier matches a handful of documents, but the planner cannot know it from a LIKE
	// and would walk the date index through the whole table looking for them. Ordering by an
	// expression no index provides makes it fetch the matches through their index and sort them.
	const orderKey =
		identifier || (fewMatches && !sortRanged) ? sql`coalesce(${column}, ${column})` : column;
	const selectPage = (conditions: SQL[]) =>
		db
			.select({
				...getTableColumns(table),
				sortValue: sql<string | number>`${column}::text`.as('sort_value')
			})
			.from(table)
			.where(where(conditions))
			.orderBy(sql`${orderKey} ${direction}, id ${direction}`)
			.limit(limit + 1) as unknown as Promise<
			(Record<string, unknown> & { id: number; sortValue: string | number })[]
		>;
	const fetchItems = async () => {
		if (wordOnly && sort.column === 'created_at') {
			const filters = searchConditions(params, scope, { now, withWords: false, kind });
			if (cursor) filters.push(pageConditions[pageConditions.length - 1]!);
			const windowed = await selectPage([
				inWindow(kind, filters, wordConditions(params), sort.desc, limit + 1)
			]);
			if (windowed.length === limit + 1) return windowed;
		}
		return selectPage(pageConditions);
	};
	const countFacets = () =>
		facetConditions
			? statusFacets(
					db,
					kind,
					facetConditions,
					wordOnly ? 'words' : identifier ? 'small' : 'unknown',
					samePlan ? planned : facetPlan
				)
			: Promise.resolve(null);
	let rows: Awaited<ReturnType<typeof fetchItems>>;
	let facets: Awaited<ReturnType<typeof countFacets>>;
	// A partial identifier, or a filter with few planned matches and no status filter (without
	// it the facets could count many more): page and facets from one read of the matches.
	const together =
		facetConditions && !exactIdentifiers && (identifier || (fewMatches && !params.status?.length))
			? await pageIdsAndFacets(
					db,
					kind,
					facetConditions,
					[
						...(params.status?.length ? [sql`status = any(${textArray(params.status)})`] : []),
						...(cursor
							? [
									sql`(k, id) ${sql.raw(sort.desc ? '<' : '>')} (${cursor[0]}::${sql.raw(sort.cast)}, ${cursor[1]}::int)`
								]
							: [])
					],
					sort,
					limit + 1
				)
			: null;
	if (together) {
		rows = together.ids.length ? await selectPage([sql`id = any(${intArray(together.ids)})`]) : [];
		facets = { counts: together.counts, estimated: false };
	} else if (identifier) {
		// An identifier matches a handful of documents: when the first page holds them all (and no
		// status filter or cursor narrows it), its rows are the facets and no count runs at all.
		rows = await fetchItems();
		const whole = !cursor && !params.status?.length && rows.length <= limit;
		facets = !facetConditions
			? null
			: whole
				? { counts: statusCounts(rows), estimated: false }
				: await countFacets();
	} else {
		[rows, facets] = await Promise.all([fetchItems(), countFacets()]);
	}
	const more = rows.length > limit;
	const page = more ? rows.slice(0, limit) : rows;
	const lastRow = page[page.length - 1];
	const nextCursor =
		more && lastRow
			? encodeCursor([
					sort.type === 'number' ? Number(lastRow.sortValue) : String(lastRow.sortValue),
					lastRow.id
				])
			: null;
	const items = page.map(
		({ sortValue: _sortValue, ...doc }) => toHit(doc as never) as unknown as AnyHit
	);
	const result: SearchResult<AnyHit> = {
		items,
		estimated: facets?.estimated ?? false,
		facets: { status: facets?.counts ?? {} },
		nextCursor
	};
	if (facets) {
		const wanted = params.status?.length ? params.status : Object.keys(facets.counts);
		const total = wanted.reduce((sum, key) => sum + (facets.counts[key] ?? 0), 0);
		if (facets.estimated) result.totalEstimate = total;
		else result.total = total;
	}
	return result;
}

/** The default engine: the search_* tables in the app's own database. */
export function createPostgresEngine(getExecutor: () => Promise<Executor> = getDb): SearchEngine {
	return {
		name: 'postgres',
		async searchRequests(params, scope, options) {
			return (await searchTable(
				await getExecutor(),
				'requests',
				params,
				scope,
				options
			)) as SearchResult<RequestHit>;
		},
		async searchOrders(params, scope, options) {
			return (await searchTable(
				await getExecutor(),
				'orders',
				params,
				scope,
				options
			)) as SearchResult<OrderHit>;
		},
		async searchWorkLogs(params, scope, options) {
			return (await searchTable(
				await getExecutor(),
				'work-logs',
				params,
				scope,
				options
			)) as SearchResult<WorkLogHit>;
		},
		// The documents are written by the in-transaction projector; there is no separate index to feed.
		async indexDocuments() {},
		async deleteDocuments() {}
	};
}
