/**
 * Search parameters as SQL conditions on a document table (unqualified column names), shared by
 * the Postgres engine, the exports and the benchmark's EXPLAIN output.
 *
 * Identifiers (serials, numbers, mobiles) match only exactly or by their start or end, through
 * the `keys` array and the trigram index on `serials`: a serial is never "corrected" into a
 * neighbour's. Words match as parts of the folded text (trigram index).
 */
import { sql, type SQL } from 'drizzle-orm';
import {
	MIN_PARTIAL_LENGTH,
	foldText,
	identifierKey,
	isIdentifierToken,
	nationalMobile,
	normalizeQuery
} from '#lib/domain/search-normalize';
import type { SearchScope } from './engine';
import { textArray } from './fold-sql';
import { CREATED_AT_TWIN } from './documents';
import type { SearchKind, SearchParams } from './params';

/** Identifier tags stored in `keys`: form, list, product serial, warranty serial, mobile, product code, part serial. */
export const KEY_TAGS = ['f', 'l', 'p', 'w', 'm', 'c', 'ps'] as const;
export type KeyTag = (typeof KEY_TAGS)[number];

const DAY_MS = 86_400_000;

/**
 * Whether stored keys commonly start the way `key` does: every mobile starts with 09, serials
 * and form numbers with letters (`SN`, `W`, `B01`). To find a key by such a start the trigram
 * index would read the lists of its padded start trigrams (` 09`, ` sn`), each a large share of
 * the table; any other start has one short list (` 04`) that the index scan is driven by.
 */
function commonStart(key: string): boolean {
	return /^(09|[A-Z])/.test(key);
}

/**
 * A key's start (after `prefix`, e.g. `:` or ` p:`) inside `serials`. A start shared by many keys
 * is found through the key's inner trigrams only, its start checked on those rows (`strpos`);
 * any other start is precise through the padded trigrams, whose lists are then short.
 */
function keyStart(prefix: string, key: string): SQL {
	return commonStart(key)
		? sql`(serials like ${`%${key}%`} and strpos(serials, ${`${prefix}${key}`}) > 0)`
		: sql`serials like ${`%${prefix}${key}%`}`;
}

/** One identifier with a known tag: exact, or (long enough) by its start or end. */
function taggedKey(tag: KeyTag, key: string, exactOnly = false): SQL {
	const exact = sql`keys @> ${textArray([`${tag}:${key}`])}`;
	if (exactOnly || key.length < MIN_PARTIAL_LENGTH) return exact;
	return sql`(${exact} or ${keyStart(` ${tag}:`, key)} or serials ~ ${` ${tag}:[A-Z0-9]*${key} `})`;
}

/** One identifier of any tag (free text): exact, or by the start or end of any stored key. */
function anyKey(key: string, exactOnly = false): SQL {
	const exact = sql`keys && ${textArray(KEY_TAGS.map((t) => `${t}:${key}`))}`;
	if (exactOnly || key.length < MIN_PARTIAL_LENGTH) return exact;
	return sql`(${exact} or ${keyStart(':', key)} or serials like ${`%${key} %`})`;
}

function likeEscape(text: string): string {
	return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * A folded word inside a folded column (so "رضا" finds "غلامرضا"), served by the trigram index.
 * No similarity matching here: word_similarity over a million documents took tens of seconds for
 * common names (see BENCHMARKS.md); typo tolerance is the Meilisearch engine's.
 */
function word(column: string, folded: string): SQL {
	return sql`${sql.raw(column)} like ${`%${likeEscape(folded)}%`}`;
}

/** Every word of a typed name inside a folded column. */
function words(column: string, typed: string): SQL | null {
	const parts = foldText(typed).split(' ').filter(Boolean);
	if (!parts.length) return null;
	return sql.join(
		parts.map((p) => word(column, p)),
		sql` and `
	);
}

/** A typed identifier filter (serial, form or list number) on one tag. */
function identifierFilter(tag: KeyTag, typed: string, exactOnly = false): SQL | null {
	const key = identifierKey(typed);
	if (!key) return null;
	return taggedKey(tag, key, exactOnly);
}

/**
 * A folded word inside the folded text, checked row by row (`strpos`, the same test as the LIKE
 * of `word`): next to an identifier, which finds a few hundred documents at most, the trigram
 * index of a common name would read a list of a tenth of the table only to intersect it.
 */
function wordBesideKey(folded: string): SQL {
	return sql`strpos(text_norm, ${folded}) > 0`;
}

/** The free-text query: a mobile, or every token (identifiers and words) matching somewhere. */
export function freeTextCondition(q: string | undefined, exactOnly = false): SQL | null {
	const analysed = normalizeQuery(q);
	if (analysed.mobile) return sql`keys @> ${textArray([`m:${nationalMobile(analysed.mobile)}`])}`;
	const parts: SQL[] = [
		...analysed.keys.map((k) => anyKey(k, exactOnly)),
		...analysed.words.map((w) => (analysed.keys.length ? wordBesideKey(w) : word('text_norm', w)))
	];
	if (!parts.length) return null;
	const all = sql.join(parts, sql` and `);
	return analysed.wholeKey ? sql`(${anyKey(analysed.wholeKey, exactOnly)} or (${all}))` : all;
}

/** Whether a search looks for an identifier (serial, number, mobile), typed or in the free text. */
export function isIdentifierSearch(params: SearchParams): boolean {
	const analysed = normalizeQuery(params.q);
	return Boolean(
		analysed.mobile ||
		analysed.keys.length ||
		analysed.wholeKey ||
		params.productSerial ||
		params.warrantySerial ||
		params.formNumber ||
		params.listNumber
	);
}

/**
 * Whether a search matches only words (names, free-text words) and no identifier. Common words
 * match a large share of the documents, so the engine reads the newest documents first rather
 * than every match (see `searchTable`); identifiers are selective and always go to their index.
 */
export function isWordOnlySearch(params: SearchParams): boolean {
	if (isIdentifierSearch(params)) return false;
	const analysed = normalizeQuery(params.q);
	return Boolean(
		analysed.words.length || params.customerName || params.delivererName || params.partName
	);
}

/** Open documents past due, and documents resolved after their due time. */
export function slaBreachedSql(now: Date): SQL {
	return sql`(resolved_late or (resolved_at is null and due_at < ${now.toISOString()}::timestamptz))`;
}

/**
 * A date range on a column. When the document table writes that column from the same value as
 * `created_at` (see CREATED_AT_TWIN), the range is put on `created_at` instead: the result is
 * the same, but the planner can walk the newest-first indexes inside the range rather than read
 * the whole range and sort it (or walk the whole table down to it). Repeating the range on both
 * columns would not do: the planner takes them for independent and underestimates the matches.
 */
function range(
	column: string,
	from: Date | undefined,
	to: Date | undefined,
	twin: string | null
): SQL[] {
	const out: SQL[] = [];
	const c = sql.raw(twin === column ? 'created_at' : column);
	if (from) out.push(sql`${c} >= ${from.toISOString()}::timestamptz`);
	// Both ends are inclusive days: up to the next Tehran midnight.
	if (to) out.push(sql`${c} < ${new Date(to.getTime() + DAY_MS).toISOString()}::timestamptz`);
	return out;
}

/**
 * Every condition of a search: the actor's scope first (never taken from the query), then the
 * parameters. With `withStatus: false` the status filter is left out (for the status facets);
 * with `withWords: false` the word conditions (names, free text) are left out, and
 * `wordConditions` gives them alone. With `kind`, a date range on the kind's twin of
 * `created_at` is put on `created_at` (same result, usable by the sort indexes).
 */
export function searchConditions(
	params: SearchParams,
	scope: SearchScope,
	options: {
		now: Date;
		withStatus?: boolean;
		withWords?: boolean;
		exactIdentifiers?: boolean;
		/** The document kind searched: a range on its twin of `created_at` goes on `created_at`. */
		kind?: SearchKind;
	}
): SQL[] {
	const twin = options.kind ? CREATED_AT_TWIN[options.kind] : null;
	const out: SQL[] = [];
	if (scope.branchId !== null) out.push(sql`branch_id = ${scope.branchId}`);
	if (scope.agencyId !== null) out.push(sql`agency_id = ${scope.agencyId}`);
	const ids: [keyof SearchParams, string][] = [
		['branchId', 'branch_id'],
		['counterId', 'counter_id'],
		['agencyId', 'agency_id'],
		['technicianId', 'technician_id'],
		['priorityId', 'priority_id'],
		['serviceTypeId', 'service_type_id']
	];
	for (const [param, column] of ids) {
		const value = params[param];
		if (typeof value === 'number') out.push(sql`${sql.raw(column)} = ${value}`);
	}
	if (params.channel?.length) out.push(sql`channel = any(${textArray(params.channel)})`);
	if (options.withStatus !== false && params.status?.length)
		out.push(sql`status = any(${textArray(params.status)})`);
	if (params.replacementFlag !== undefined)
		out.push(sql`replacement_flag = ${params.replacementFlag}`);
	if (params.warranty) out.push(sql`in_warranty = ${params.warranty === 'in'}`);
	if (params.slaBreached !== undefined) {
		const breached = slaBreachedSql(options.now);
		out.push(params.slaBreached ? breached : sql`not coalesce(${breached}, false)`);
	}
	out.push(...range('received_at', params.receivedFrom, params.receivedTo, twin));
	out.push(...range('ordered_at', params.orderedFrom, params.orderedTo, twin));
	out.push(...range('created_at', params.loggedFrom, params.loggedTo, twin));
	const typed: [string | undefined, KeyTag][] = [
		[params.productSerial, 'p'],
		[params.warrantySerial, 'w'],
		[params.formNumber, 'f'],
		[params.listNumber, 'l']
	];
	for (const [value, tag] of typed) {
		if (!value) continue;
		const condition = identifierFilter(tag, value, options.exactIdentifiers);
		// Text that folds to nothing (only separators) cannot match any identifier.
		out.push(condition ?? sql`false`);
	}
	if (options.withWords !== false)
		out.push(...wordConditions(params, options.exactIdentifiers ?? false));
	return out;
}

/**
 * The name and free-text conditions of a search (the trigram-matched part). With `exactOnly`,
 * identifiers in the free text match only whole stored keys.
 */
export function wordConditions(params: SearchParams, exactOnly = false): SQL[] {
	const out: SQL[] = [];
	const named: [string | undefined, string][] = [
		[params.customerName, 'customer_norm'],
		[params.delivererName, 'deliverer_norm'],
		[params.partName, 'parts_norm']
	];
	for (const [value, column] of named) {
		if (!value) continue;
		const condition = words(column, value);
		if (condition) out.push(condition);
	}
	const free = freeTextCondition(params.q, exactOnly);
	if (free) out.push(free);
	return out;
}

/** Whether a typed value is read as an identifier (for hints in the UI and the bots). */
export function looksLikeIdentifier(value: string): boolean {
	return isIdentifierToken(value);
}
