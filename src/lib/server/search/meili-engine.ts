/**
 * The Meilisearch engine, used when MEILI_URL is set. Documents are the rows of the search_*
 * tables (written by the projector) reshaped for Meilisearch and fed from the outbox. The
 * parameters mean what they mean on Postgres: identifiers are matched through exact `keys` and
 * start/end `partials` filters (typo tolerance never touches them), words through the folded
 * `text` with Meilisearch's typo tolerance, names through their word prefixes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Meilisearch, type SearchParams as MeiliSearchParams, type Settings } from 'meilisearch';
import {
	foldText,
	identifierKey,
	nationalMobile,
	normalizeQuery,
	partialKeys,
	wordPrefixes
} from '#lib/domain/search-normalize';
import { encodeCursor, decodeCursor } from '../catalog/paging';
import { getConfig } from '../config';
import { KEY_TAGS, type KeyTag } from './conditions';
import {
	toHit,
	type AnyHit,
	type OrderHit,
	type RequestHit,
	type SearchDocument,
	type SearchEngine,
	type SearchOptions,
	type SearchResult,
	type SearchScope,
	type WorkLogHit
} from './engine';
import { DEFAULT_SORT, type SearchKind, type SearchParams } from './params';

const DEFAULT_LIMIT = 25;
const DAY_MS = 86_400_000;
const DATE_FIELDS = ['dueAt', 'resolvedAt', 'receivedAt', 'orderedAt', 'createdAt'] as const;

/** Index uid of a kind (`khadamat_requests`); the reindex swaps a fresh index into this name. */
export function indexUid(kind: SearchKind, prefix = getConfig().MEILI_INDEX_PREFIX): string {
	return `${prefix}${kind.replace('-', '_')}`;
}

/** The settings file of a kind (search/<kind>.json), without its comment. */
export function indexSettings(kind: SearchKind): Settings {
	const file = path.resolve('search', `${kind}.json`);
	const { _comment: _ignored, ...settings } = JSON.parse(readFileSync(file, 'utf8')) as Settings & {
		_comment?: string;
	};
	return settings;
}

/** A Meilisearch document: the stored row with dates as epoch milliseconds and filter terms added. */
export type MeiliDocument = Record<string, unknown> & { id: number };

/** Reshapes a stored search document for Meilisearch. */
export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
	const out: MeiliDocument = { id: doc.id };
	for (const [key, value] of Object.entries(doc)) {
		if (
			['textNorm', 'serials', 'customerNorm', 'delivererNorm', 'partsNorm', 'indexedAt'].includes(
				key
			)
		)
			continue;
		out[key] = (DATE_FIELDS as readonly string[]).includes(key)
			? value
				? new Date(value as Date).getTime()
				: null
			: value;
	}
	const keys = doc.keys ?? [];
	out.keys = keys;
	out.partials = keys.flatMap((k) => {
		const at = k.indexOf(':');
		return partialKeys(k.slice(at + 1)).map((p) => `${k.slice(0, at)}:${p}`);
	});
	out.text = doc.textNorm;
	out.customerTerms = wordPrefixes(doc.customerNorm);
	out.delivererTerms = wordPrefixes(doc.delivererNorm);
	out.partTerms = wordPrefixes(doc.partsNorm);
	return out;
}

function quote(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function inList(attribute: string, values: readonly (string | number)[]): string {
	return `${attribute} IN [${values.map((v) => (typeof v === 'number' ? String(v) : quote(v))).join(', ')}]`;
}

function identifierFilter(tags: readonly KeyTag[], key: string): string {
	const tagged = tags.map((t) => `${t}:${key}`);
	return `(${inList('keys', tagged)} OR ${inList('partials', tagged)})`;
}

/** Meilisearch filter expressions for everything but the free-text words. */
export function meiliFilters(
	params: SearchParams,
	scope: SearchScope,
	options: { now: Date; withStatus?: boolean }
): string[] {
	const out: string[] = [];
	if (scope.branchId !== null) out.push(`branchId = ${scope.branchId}`);
	if (scope.agencyId !== null) out.push(`agencyId = ${scope.agencyId}`);
	for (const key of [
		'branchId',
		'counterId',
		'agencyId',
		'technicianId',
		'priorityId',
		'serviceTypeId'
	] as const) {
		const value = params[key];
		if (typeof value === 'number') out.push(`${key} = ${value}`);
	}
	if (params.channel?.length) out.push(inList('channel', params.channel));
	if (options.withStatus !== false && params.status?.length)
		out.push(inList('status', params.status));
	if (params.replacementFlag !== undefined) out.push(`replacementFlag = ${params.replacementFlag}`);
	if (params.warranty) out.push(`inWarranty = ${params.warranty === 'in'}`);
	if (params.slaBreached !== undefined) {
		const breached = `(resolvedLate = true OR (resolvedAt IS NULL AND dueAt < ${options.now.getTime()}))`;
		out.push(params.slaBreached ? breached : `NOT ${breached}`);
	}
	const ranges: [string, Date | undefined, Date | undefined][] = [
		['receivedAt', params.receivedFrom, params.receivedTo],
		['orderedAt', params.orderedFrom, params.orderedTo],
		['createdAt', params.loggedFrom, params.loggedTo]
	];
	for (const [attribute, from, to] of ranges) {
		if (from) out.push(`${attribute} >= ${from.getTime()}`);
		if (to) out.push(`${attribute} < ${to.getTime() + DAY_MS}`);
	}
	const typed: [string | undefined, KeyTag][] = [
		[params.productSerial, 'p'],
		[params.warrantySerial, 'w'],
		[params.formNumber, 'f'],
		[params.listNumber, 'l']
	];
	for (const [value, tag] of typed) {
		if (!value) continue;
		const key = identifierKey(value);
		out.push(key ? identifierFilter([tag], key) : 'id < 0');
	}
	const named: [string | undefined, string][] = [
		[params.customerName, 'customerTerms'],
		[params.delivererName, 'delivererTerms'],
		[params.partName, 'partTerms']
	];
	for (const [value, attribute] of named) {
		for (const word of value ? foldText(value).split(' ').filter(Boolean) : [])
			out.push(`${attribute} = ${quote(word)}`);
	}
	const q = normalizeQuery(params.q);
	if (q.mobile) out.push(`keys = ${quote(`m:${nationalMobile(q.mobile)}`)}`);
	const keyFilters = q.keys.map((k) => identifierFilter(KEY_TAGS, k));
	if (keyFilters.length) {
		const all = keyFilters.join(' AND ');
		out.push(q.wholeKey ? `(${identifierFilter(KEY_TAGS, q.wholeKey)} OR (${all}))` : all);
	} else if (q.wholeKey) out.push(identifierFilter(KEY_TAGS, q.wholeKey));
	return out;
}

const SORT_ATTRIBUTES = {
	created: 'createdAt',
	form: 'formNumber',
	customer: 'customerName',
	status: 'statusRank',
	duration: 'durationMinutes'
} as const;
const NUMERIC_SORTS = new Set(['createdAt', 'statusRank', 'durationMinutes']);

function fromMeili(doc: Record<string, unknown>): AnyHit {
	const restored: Record<string, unknown> = { ...doc };
	for (const key of DATE_FIELDS)
		restored[key] = typeof doc[key] === 'number' ? new Date(doc[key]) : null;
	for (const key of ['partials', 'text', 'customerTerms', 'delivererTerms', 'partTerms'])
		delete restored[key];
	return toHit(restored as unknown as SearchDocument) as AnyHit;
}

/** Runs one search on a Meilisearch index with the same contract as the Postgres engine. */
async function searchIndex(
	client: Meilisearch,
	kind: SearchKind,
	params: SearchParams,
	scope: SearchScope,
	options: SearchOptions = {}
): Promise<SearchResult<AnyHit>> {
	const now = options.now ?? new Date();
	const limit = params.limit ?? DEFAULT_LIMIT;
	const sortValue = params.sort ?? DEFAULT_SORT;
	const desc = sortValue.startsWith('-');
	const sortKey = (desc ? sortValue.slice(1) : sortValue) as keyof typeof SORT_ATTRIBUTES;
	const attribute =
		sortKey === 'duration' && kind !== 'work-logs'
			? 'createdAt'
			: (SORT_ATTRIBUTES[sortKey] ?? 'createdAt');
	const direction = desc ? 'desc' : 'asc';
	const numeric = NUMERIC_SORTS.has(attribute);
	const filters = meiliFilters(params, scope, { now });
	// Numeric sorts page by keyset (stable under writes); string sorts by offset, as Meilisearch
	// compares strings only for equality in filters.
	const cursor = decodeCursor(params.cursor, ['number', 'number']);
	let offset = 0;
	if (cursor && numeric) {
		const op = desc ? '<' : '>';
		filters.push(
			`(${attribute} ${op} ${cursor[0]} OR (${attribute} = ${cursor[0]} AND id ${op} ${cursor[1]}))`
		);
	} else if (cursor) offset = Number(cursor[0]);
	const words = normalizeQuery(params.q).words.join(' ');
	const uid = indexUid(kind);
	const main: MeiliSearchParams & { indexUid: string } = {
		indexUid: uid,
		q: words,
		filter: filters,
		sort: [`${attribute}:${direction}`, `id:${direction}`],
		limit: limit + 1,
		offset,
		matchingStrategy: 'all',
		attributesToSearchOn: ['text']
	};
	const queries = [main];
	if (options.facets !== false) {
		queries.push({
			indexUid: uid,
			q: words,
			filter: meiliFilters(params, scope, { now, withStatus: false }),
			limit: 0,
			facets: ['status'],
			matchingStrategy: 'all',
			attributesToSearchOn: ['text']
		});
	}
	const { results } = await client.multiSearch({ queries });
	const hits = (results[0]?.hits ?? []) as Record<string, unknown>[];
	const more = hits.length > limit;
	const page = more ? hits.slice(0, limit) : hits;
	const last = page[page.length - 1];
	const nextCursor =
		more && last
			? encodeCursor(numeric ? [Number(last[attribute]), Number(last.id)] : [offset + limit, 0])
			: null;
	const counts = (results[1]?.facetDistribution?.status ?? {}) as Record<string, number>;
	const result: SearchResult<AnyHit> = {
		items: page.map(fromMeili),
		estimated: false,
		facets: { status: counts },
		nextCursor
	};
	if (options.facets !== false) {
		const wanted = params.status?.length ? params.status : Object.keys(counts);
		result.total = wanted.reduce((sum, key) => sum + (counts[key] ?? 0), 0);
	}
	return result;
}

/** A Meilisearch client from the configuration; null when MEILI_URL is unset. */
export function meiliClient(): Meilisearch | null {
	const config = getConfig();
	if (!config.MEILI_URL) return null;
	return new Meilisearch({
		host: config.MEILI_URL,
		apiKey: config.MEILI_MASTER_KEY,
		timeout: 10_000
	});
}

/** The Meilisearch engine over a client. */
export function createMeiliEngine(client: Meilisearch): SearchEngine {
	return {
		name: 'meilisearch',
		async searchRequests(params, scope, options) {
			return (await searchIndex(
				client,
				'requests',
				params,
				scope,
				options
			)) as SearchResult<RequestHit>;
		},
		async searchOrders(params, scope, options) {
			return (await searchIndex(
				client,
				'orders',
				params,
				scope,
				options
			)) as SearchResult<OrderHit>;
		},
		async searchWorkLogs(params, scope, options) {
			return (await searchIndex(
				client,
				'work-logs',
				params,
				scope,
				options
			)) as SearchResult<WorkLogHit>;
		},
		async indexDocuments(kind, documents) {
			if (!documents.length) return;
			await client
				.index(indexUid(kind))
				.addDocuments(documents.map(toMeiliDocument), { primaryKey: 'id' })
				.waitTask();
		},
		async deleteDocuments(kind, ids) {
			if (!ids.length) return;
			await client.index(indexUid(kind)).deleteDocuments(ids).waitTask();
		}
	};
}

/** Creates the indexes that do not exist yet and applies the settings files to all three. */
export async function ensureMeiliIndexes(client: Meilisearch, prefix?: string): Promise<void> {
	for (const kind of ['requests', 'orders', 'work-logs'] as const) {
		const uid = indexUid(kind, prefix);
		try {
			await client.getIndex(uid);
		} catch {
			await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
		}
		await client.index(uid).updateSettings(indexSettings(kind)).waitTask();
	}
}
