/**
 * The search port. Pages, the API, exports and bots call it; the Postgres engine (default) and
 * the Meilisearch engine implement it with the same meaning for every parameter, which the
 * contract suite (tests/integration/search-contract.test.ts) holds them to.
 */
import type { SearchOrderDoc, SearchRequestDoc, SearchWorkLogDoc } from '../db/schema';
import type { SearchKind, SearchParams } from './params';

export type { SearchKind, SearchParams } from './params';

/** What the actor may see, taken from the signed-in user, never from the query. */
export interface SearchScope {
	branchId: number | null;
	agencyId: number | null;
}

export interface SearchOptions {
	/** Skip the status facets and the total (exports page through and need neither). */
	facets?: boolean;
	/** The clock SLA breaches are measured against. */
	now?: Date;
}

type Internal =
	'textNorm' | 'keys' | 'serials' | 'customerNorm' | 'delivererNorm' | 'partsNorm' | 'indexedAt';
type Dates = 'dueAt' | 'resolvedAt' | 'receivedAt' | 'orderedAt' | 'createdAt';
type Hit<T> = Omit<T, Internal | Dates> & {
	dueAt: string | null;
	resolvedAt: string | null;
	receivedAt: string;
	orderedAt: string | null;
	createdAt: string;
};

/** A found document as pages, the API and exports show it (dates as ISO strings). */
export type RequestHit = Hit<SearchRequestDoc>;
export type OrderHit = Hit<SearchOrderDoc>;
export type WorkLogHit = Hit<SearchWorkLogDoc>;
export type AnyHit = RequestHit | OrderHit | WorkLogHit;

/** A stored search document of any kind, as the projector writes it. */
export type SearchDocument = SearchRequestDoc | SearchOrderDoc | SearchWorkLogDoc;

export interface SearchResult<T> {
	items: T[];
	/** Exact count of matches, when it was cheap to know. */
	total?: number;
	/** Approximate count when the exact one was not cheap to know: many matches, or a costly count. */
	totalEstimate?: number;
	estimated: boolean;
	/** Matches per status for the current query without its own status filter. */
	facets: { status: Record<string, number> };
	/** Opaque position of the next page; null on the last page. */
	nextCursor: string | null;
}

export interface SearchEngine {
	readonly name: 'postgres' | 'meilisearch';
	searchRequests(
		params: SearchParams,
		scope: SearchScope,
		options?: SearchOptions
	): Promise<SearchResult<RequestHit>>;
	searchOrders(
		params: SearchParams,
		scope: SearchScope,
		options?: SearchOptions
	): Promise<SearchResult<OrderHit>>;
	searchWorkLogs(
		params: SearchParams,
		scope: SearchScope,
		options?: SearchOptions
	): Promise<SearchResult<WorkLogHit>>;
	/** Upserts documents (the Meilisearch feed); the Postgres engine's documents are its tables. */
	indexDocuments(kind: SearchKind, documents: SearchDocument[]): Promise<void>;
	deleteDocuments(kind: SearchKind, ids: number[]): Promise<void>;
}

/** Runs the search of one kind on an engine. */
export function searchKind(
	engine: SearchEngine,
	kind: SearchKind,
	params: SearchParams,
	scope: SearchScope,
	options?: SearchOptions
): Promise<SearchResult<AnyHit>> {
	if (kind === 'requests') return engine.searchRequests(params, scope, options);
	if (kind === 'orders') return engine.searchOrders(params, scope, options);
	return engine.searchWorkLogs(params, scope, options);
}

const INTERNAL: readonly string[] = [
	'textNorm',
	'keys',
	'serials',
	'customerNorm',
	'delivererNorm',
	'partsNorm',
	'indexedAt'
];
const DATE_KEYS: readonly string[] = [
	'dueAt',
	'resolvedAt',
	'receivedAt',
	'orderedAt',
	'createdAt'
];

/** A stored document as a hit: internal search columns dropped, dates as ISO strings. */
export function toHit<T extends SearchDocument>(doc: T): Hit<T> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(doc)) {
		if (INTERNAL.includes(key)) continue;
		out[key] = DATE_KEYS.includes(key)
			? value
				? new Date(value as Date | string | number).toISOString()
				: null
			: value;
	}
	return out as Hit<T>;
}
