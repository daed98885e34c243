/** The search health view: engine, document counts, and for Meilisearch the feed's lag and index stats. */
import { requirePermission, type Actor } from '../auth/access';
import { getDb } from '../db';
import { feedLag, type FeedLag } from './feed';
import { getSearchEngine } from './index';
import { indexUid, meiliClient } from './meili-engine';
import { SEARCH_KINDS, type SearchKind } from './params';
import { countDocuments } from './projector';

export interface SearchHealth {
	engine: 'postgres' | 'meilisearch';
	documents: Record<SearchKind, number>;
	/** Outbox head minus the feed's cursor; null for the Postgres engine, which never lags. */
	lag: FeedLag | null;
	indexes: { kind: SearchKind; uid: string; documents: number; indexing: boolean }[];
	error: string | null;
}

/** Reads the health of search for the admin view (admin/view). */
export async function searchHealth(actor: Actor): Promise<SearchHealth> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const engine = getSearchEngine().name;
	const documents = await countDocuments(db);
	if (engine === 'postgres') return { engine, documents, lag: null, indexes: [], error: null };
	const lag = await feedLag(db);
	const client = meiliClient()!;
	try {
		const indexes = [];
		for (const kind of SEARCH_KINDS) {
			const uid = indexUid(kind);
			const stats = await client.index(uid).getStats();
			indexes.push({ kind, uid, documents: stats.numberOfDocuments, indexing: stats.isIndexing });
		}
		return { engine, documents, lag, indexes, error: null };
	} catch (error) {
		return {
			engine,
			documents,
			lag,
			indexes: [],
			error: error instanceof Error ? error.message : String(error)
		};
	}
}
