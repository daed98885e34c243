/**
 * `npm run search:reindex`: rebuilds search with no downtime.
 *
 * 1. Recomputes every Postgres search document from the service tables (upserts in batches, so
 *    searches keep answering throughout).
 * 2. With MEILI_URL set, builds each Meilisearch index afresh under a temporary name from those
 *    documents, swaps it with the live index in one atomic step (swapIndexes), drops the old one,
 *    and rewinds the outbox feed to where the rebuild started so every change made meanwhile is
 *    replayed into the new index (the feed is idempotent).
 */
import { asc, gt, max } from 'drizzle-orm';
import { getConfig } from '../src/lib/server/config';
import { closeDatabase, connect } from '../src/lib/server/db';
import { outbox, searchOrders, searchRequests, searchWorkLogs } from '../src/lib/server/db/schema';
import { refreshAllDocuments } from '../src/lib/server/search/documents';
import { feedLag, setFeedCursor } from '../src/lib/server/search/feed';
import {
	indexSettings,
	indexUid,
	meiliClient,
	toMeiliDocument
} from '../src/lib/server/search/meili-engine';
import { SEARCH_KINDS } from '../src/lib/server/search/params';
import '../src/lib/server/search/projector';

const BATCH = 5_000;
const TABLES = {
	requests: searchRequests,
	orders: searchOrders,
	'work-logs': searchWorkLogs
} as const;

async function main() {
	const { db, driver } = await connect();
	console.log(`Rebuilding search documents on ${driver}…`);
	const done = await refreshAllDocuments(db, {
		onProgress: (n) => process.stdout.write(`\r  ${n.toLocaleString('en')} requests`)
	});
	console.log(`\r  ${done.toLocaleString('en')} requests and their orders and work logs rebuilt.`);

	const client = meiliClient();
	if (!client) {
		console.log('MEILI_URL is not set: the Postgres engine serves search; nothing more to do.');
		return;
	}
	const [head] = await db.select({ id: max(outbox.id) }).from(outbox);
	const startedAt = Number(head?.id ?? 0);
	for (const kind of SEARCH_KINDS) {
		const live = indexUid(kind);
		const fresh = `${live}_${Date.now().toString(36)}`;
		console.log(`Meilisearch ${live}: building ${fresh}…`);
		await client.createIndex(fresh, { primaryKey: 'id' }).waitTask();
		await client.index(fresh).updateSettings(indexSettings(kind)).waitTask();
		const table = TABLES[kind];
		let last = 0;
		let count = 0;
		for (;;) {
			const rows = await db
				.select()
				.from(table)
				.where(gt(table.id, last))
				.orderBy(asc(table.id))
				.limit(BATCH);
			if (!rows.length) break;
			await client
				.index(fresh)
				.addDocuments(rows.map(toMeiliDocument), { primaryKey: 'id' })
				.waitTask({ timeout: 600_000 });
			last = rows[rows.length - 1]!.id;
			count += rows.length;
			process.stdout.write(`\r  ${count.toLocaleString('en')} documents`);
		}
		console.log('');
		try {
			await client.getIndex(live);
		} catch {
			await client.createIndex(live, { primaryKey: 'id' }).waitTask();
		}
		// One atomic step: searches see the old index until the swap and the new one after it.
		await client.swapIndexes([{ indexes: [live, fresh], rename: false }]).waitTask();
		await client.deleteIndex(fresh).waitTask();
		console.log(`  swapped into ${live}.`);
	}
	const lag = await feedLag();
	if (lag.cursor > startedAt) await setFeedCursor(startedAt);
	console.log(
		`Feed rewound to outbox id ${Math.min(lag.cursor, startedAt)}; it replays what changed during the rebuild.`
	);
	console.log(`Done (${getConfig().MEILI_URL}).`);
}

main()
	.catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => closeDatabase());
