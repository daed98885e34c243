/**
 * Search as the pages, the API, exports and bots use it: picks the engine (Meilisearch when
 * MEILI_URL is set, else Postgres), checks the permission of the kind searched and applies the
 * actor's branch and agency scope on the server.
 */
import { requirePermission, type Actor, type Area } from '../auth/access';
import { getConfig } from '../config';
import { parseOrThrow } from '../http/errors';
import {
	searchKind,
	type AnyHit,
	type SearchEngine,
	type SearchOptions,
	type SearchResult,
	type SearchScope
} from './engine';
import { startSearchFeed } from './feed';
import { createMeiliEngine, ensureMeiliIndexes, meiliClient } from './meili-engine';
import { SEARCH_SCHEMAS, type SearchKind, type SearchParams } from './params';
import { createPostgresEngine } from './postgres-engine';
import './projector';

/** The permission area each search page needs (view). */
export const AREA_OF: Record<SearchKind, Area> = {
	requests: 'requests',
	orders: 'orders',
	'work-logs': 'worklogs'
};

const ENGINE_KEY = Symbol.for('khadamat.searchEngine');
type GlobalWithEngine = typeof globalThis & { [ENGINE_KEY]?: SearchEngine };

/** The process-wide engine, chosen from the configuration on first use. */
export function getSearchEngine(): SearchEngine {
	const g = globalThis as GlobalWithEngine;
	if (!g[ENGINE_KEY]) {
		const client = meiliClient();
		g[ENGINE_KEY] = client ? createMeiliEngine(client) : createPostgresEngine();
	}
	return g[ENGINE_KEY];
}

/** Replaces the process-wide engine (tests run the contract suite against each engine). */
export function useSearchEngine(engine: SearchEngine | undefined): void {
	(globalThis as GlobalWithEngine)[ENGINE_KEY] = engine;
}

/** The actor's visibility: their branch (null = all) and, for agents, their agency. */
export function scopeOf(actor: Pick<Actor, 'user'>): SearchScope {
	return { branchId: actor.user.branchId, agencyId: actor.user.agencyId };
}

/** Searches one kind for an actor: permission, validation, scope, then the engine. */
export async function search(
	actor: Actor,
	kind: SearchKind,
	raw: unknown,
	options?: SearchOptions
): Promise<SearchResult<AnyHit>> {
	requirePermission(actor, AREA_OF[kind], 'view');
	const params = parseOrThrow(SEARCH_SCHEMAS[kind], raw) as SearchParams;
	return searchKind(getSearchEngine(), kind, params, scopeOf(actor), options);
}

/** Searches with parameters already parsed (pages that parse leniently, exports). */
export async function searchParsed(
	actor: Actor,
	kind: SearchKind,
	params: SearchParams,
	options?: SearchOptions
): Promise<SearchResult<AnyHit>> {
	requirePermission(actor, AREA_OF[kind], 'view');
	return searchKind(getSearchEngine(), kind, params, scopeOf(actor), options);
}

/**
 * Starts what the configured engine needs in this process: for Meilisearch, its indexes and the
 * outbox feed (retrying in the background, so a Meilisearch outage never stops the app).
 */
export function startSearch(): () => void {
	const client = meiliClient();
	if (!client) return () => {};
	let stop = () => {};
	let stopped = false;
	const engine = getSearchEngine();
	const begin = (attempt: number) => {
		ensureMeiliIndexes(client)
			.then(() => {
				if (!stopped) stop = startSearchFeed(engine);
			})
			.catch((error: unknown) => {
				console.error(`Meilisearch at ${getConfig().MEILI_URL} is not ready; retrying`, error);
				if (!stopped) setTimeout(() => begin(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
			});
	};
	begin(0);
	return () => {
		stopped = true;
		stop();
	};
}
