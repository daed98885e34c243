// One contract for every search engine: the Postgres engine always (PGlite, and PostgreSQL in
// the integration-postgres project), Meilisearch when MEILI_URL points at a server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPersianDigits } from '#lib/domain/text';
import { resetConfig } from '#lib/server/config';
import { getDb } from '#lib/server/db';
import type { SearchEngine, SearchResult, AnyHit, SearchScope } from '#lib/server/search/engine';
import { feedOnce } from '#lib/server/search/feed';
import {
	createMeiliEngine,
	ensureMeiliIndexes,
	indexUid,
	meiliClient
} from '#lib/server/search/meili-engine';
import { SEARCH_SCHEMAS, type SearchKind, type SearchParams } from '#lib/server/search/params';
import { createPostgresEngine } from '#lib/server/search/postgres-engine';
import { buildWorld } from './service-fixtures';
import { seedSearchWorld, type SearchWorld } from './search-fixtures';

let sw: SearchWorld;

beforeAll(async () => {
	sw = await seedSearchWorld(await buildWorld());
});

/** Parses like the pages and the API do, then runs one kind on an engine. */
function run(
	engine: SearchEngine,
	kind: SearchKind,
	raw: Record<string, unknown>,
	scope?: SearchScope
): Promise<SearchResult<AnyHit>> {
	const params = SEARCH_SCHEMAS[kind].parse(raw) as SearchParams;
	const s = scope ?? { branchId: null, agencyId: null };
	const options = { now: sw.now };
	if (kind === 'requests') return engine.searchRequests(params, s, options);
	if (kind === 'orders') return engine.searchOrders(params, s, options);
	return engine.searchWorkLogs(params, s, options);
}

const ids = (result: SearchResult<AnyHit>) => result.items.map((h) => h.id).sort((a, b) => a - b);

function contract(name: string, engine: () => SearchEngine) {
	describe(`search contract: ${name}`, () => {
		// Everything but the fixed cases is filler; restrict to the fixed ones where counts matter.
		const mine = () => ({ receivedFrom: '2025-12-01', receivedTo: '2026-03-31' });

		it('finds a request by its exact product serial, typed any way', async () => {
			for (const typed of ['SN-7788-123456', 'sn 7788 123456', toPersianDigits('SN-7788-123456')]) {
				expect(ids(await run(engine(), 'requests', { q: typed }))).toEqual([sw.r1.id]);
				expect(ids(await run(engine(), 'requests', { productSerial: typed }))).toEqual([sw.r1.id]);
			}
		});

		it('finds a serial by its last six digits, also in Persian digits', async () => {
			expect(ids(await run(engine(), 'requests', { q: '123456' }))).toEqual([sw.r1.id]);
			expect(ids(await run(engine(), 'requests', { q: '۱۲۳۴۵۶' }))).toEqual([sw.r1.id]);
			expect(ids(await run(engine(), 'requests', { productSerial: '۱۲۳۴۵۷' }))).toEqual([sw.r2.id]);
			expect(ids(await run(engine(), 'requests', { warrantySerial: '998877' }))).toEqual([
				sw.r1.id
			]);
		});

		it('never typo-corrects a serial into a neighbour’s device', async () => {
			expect(ids(await run(engine(), 'requests', { q: 'SN-7788-123459' }))).toEqual([]);
			expect(ids(await run(engine(), 'requests', { productSerial: 'SN-7788-12345' }))).toEqual([
				sw.r1.id,
				sw.r2.id
			]);
			expect(ids(await run(engine(), 'requests', { productSerial: 'SN-7788-123458' }))).toEqual([]);
		});

		it('finds a Persian name typed with Arabic ي and ك', async () => {
			expect(ids(await run(engine(), 'requests', { q: 'علي كريمي' }))).toEqual([sw.r1.id]);
			expect(ids(await run(engine(), 'requests', { customerName: 'كريمي' }))).toEqual([sw.r1.id]);
		});

		it('reads Persian digits in a form number', async () => {
			const typed = toPersianDigits(sw.r1.formNumber);
			expect(ids(await run(engine(), 'requests', { formNumber: typed }))).toEqual([sw.r1.id]);
			expect(ids(await run(engine(), 'requests', { q: typed }))).toEqual([sw.r1.id]);
		});

		it('treats a half-space and a space alike', async () => {
			expect(ids(await run(engine(), 'requests', { q: 'برفک می‌زند' }))).toEqual([sw.r1.id]);
			expect(ids(await run(engine(), 'requests', { q: 'برفک می زند' }))).toEqual([sw.r1.id]);
		});

		it('finds the customer from a mobile in any form', async () => {
			for (const typed of ['09351234567', '+98 935 123 4567', '۰۹۳۵ ۱۲۳ ۴۵۶۷', '00989351234567']) {
				expect(ids(await run(engine(), 'requests', { q: typed }))).toEqual([sw.r2.id]);
			}
		});

		it('finds a customer by the first digits of a mobile, or by name and its last digits', async () => {
			expect(ids(await run(engine(), 'requests', { q: '۰۹۳۵۱۲۳۴' }))).toEqual([sw.r2.id]);
			expect(ids(await run(engine(), 'requests', { q: 'كاظمي 4567' }))).toEqual([sw.r2.id]);
			expect(ids(await run(engine(), 'requests', { q: 'كريمي 4567' }))).toEqual([]);
		});

		it('applies each filter on its own', async () => {
			const e = engine();
			const cases: [Record<string, unknown>, number[]][] = [
				[{ listNumber: sw.listNumber }, [sw.r2.id]],
				[{ delivererName: 'حسن' }, [sw.r1.id]],
				[{ partName: 'کمپرسور' }, [sw.r1.id]],
				[{ serviceTypeId: sw.world.serviceType.id }, [sw.r1.id, sw.r2.id]],
				[{ channel: 'phone', ...mine() }, [sw.r2.id]],
				[{ channel: 'online,agent', ...mine() }, [sw.r3.id, sw.r4.id]],
				[{ replacementFlag: 'true', ...mine() }, [sw.r2.id]],
				[{ status: 'delivered', ...mine() }, [sw.r3.id]],
				[{ branchId: sw.world.branchB.id }, [sw.r3.id]],
				[{ counterId: sw.world.counters[1]!.id }, [sw.r2.id]],
				[{ technicianId: sw.world.actors.technician.user.id }, [sw.r1.id]],
				[{ priorityId: sw.world.priority.id, ...mine() }, [sw.r1.id, sw.r2.id]],
				[{ agencyId: sw.world.agency.id }, [sw.r4.id]],
				[{ warranty: 'in', ...mine() }, [sw.r1.id]],
				[{ warranty: 'out', ...mine() }, [sw.r2.id, sw.r3.id, sw.r4.id]],
				[{ slaBreached: 'true', ...mine() }, [sw.r1.id]],
				[{ receivedFrom: '2026-01-10', receivedTo: '2026-01-10' }, [sw.r1.id]],
				[{ orderedFrom: '1404/11/13', orderedTo: '۱۴۰۴/۱۱/۱۳' }, [sw.r2.id]]
			];
			for (const [raw, expected] of cases) {
				expect([raw, ids(await run(e, 'requests', raw))]).toEqual([raw, expected]);
			}
		});

		it('combines filters with a date range', async () => {
			const result = await run(engine(), 'requests', {
				branchId: sw.world.branchA.id,
				channel: 'in_person,phone',
				receivedFrom: '2026-01-01',
				receivedTo: '2026-02-28',
				warranty: 'out'
			});
			expect(ids(result)).toEqual([sw.r2.id]);
		});

		it('searches orders and work logs with their own filters', async () => {
			const e = engine();
			expect(
				ids(await run(e, 'orders', { technicianId: sw.world.actors.technician2.user.id }))
			).toEqual([sw.o2.id]);
			expect(ids(await run(e, 'orders', { status: 'open', q: 'کاظمي' }))).toEqual([sw.o2.id]);
			expect(ids(await run(e, 'work-logs', { partName: 'ترموستات' }))).toEqual([sw.w2.id]);
			expect(ids(await run(e, 'work-logs', { q: 'CMP-000111' }))).toEqual([sw.w1.id]);
			expect(
				ids(await run(e, 'work-logs', { loggedFrom: '2026-01-12', loggedTo: '2026-01-12' }))
			).toEqual([sw.w1.id]);
		});

		it('counts matches per status for the query, without its own status filter', async () => {
			const result = await run(engine(), 'requests', {
				branchId: sw.world.branchA.id,
				...mine(),
				status: 'awaiting_qc'
			});
			expect(result.facets.status).toEqual({
				awaiting_repair: 1,
				awaiting_qc: 1,
				awaiting_assignment: 1
			});
			expect(result.total).toBe(1);
			expect(result.estimated).toBe(false);
		});

		it('pages with a stable keyset cursor', async () => {
			const e = engine();
			for (const sort of ['-created', 'created', 'form', '-customer', 'status']) {
				const all = await run(e, 'requests', { branchId: sw.world.branchA.id, sort, limit: 200 });
				const seen: number[] = [];
				let cursor: string | undefined;
				for (let guard = 0; guard < 50; guard++) {
					const page = await run(e, 'requests', {
						branchId: sw.world.branchA.id,
						sort,
						limit: 7,
						...(cursor ? { cursor } : {})
					});
					seen.push(...page.items.map((h) => h.id));
					if (!page.nextCursor) break;
					cursor = page.nextCursor;
				}
				expect(seen).toEqual(all.items.map((h) => h.id));
				expect(new Set(seen).size).toBe(seen.length);
				expect(seen.length).toBeGreaterThan(20);
			}
		});

		it('pages a common name the same way in small pages as in one big page', async () => {
			const e = engine();
			for (const query of [{ q: 'سارا' }, { customerName: 'امینی' }, { q: 'سارا امینی' }]) {
				for (const sort of ['-created', 'created']) {
					const all = await run(e, 'requests', { ...query, sort, limit: 200 });
					const seen: number[] = [];
					let cursor: string | undefined;
					for (let guard = 0; guard < 50; guard++) {
						const page = await run(e, 'requests', {
							...query,
							sort,
							limit: 4,
							...(cursor ? { cursor } : {})
						});
						seen.push(...page.items.map((h) => h.id));
						if (!page.nextCursor) break;
						cursor = page.nextCursor;
					}
					expect(all.items.length).toBeGreaterThanOrEqual(15);
					expect(seen).toEqual(all.items.map((h) => h.id));
				}
			}
		});

		it('keeps users inside their branch and agency whatever they ask for', async () => {
			const e = engine();
			const branchA = { branchId: sw.world.branchA.id, agencyId: null };
			expect(ids(await run(e, 'requests', { q: 'رضا محمدی' }, branchA))).toEqual([]);
			expect(ids(await run(e, 'requests', { branchId: sw.world.branchB.id }, branchA))).toEqual([]);
			const agency = { branchId: sw.world.branchA.id, agencyId: sw.world.agency.id };
			expect(ids(await run(e, 'requests', {}, agency))).toEqual([sw.r4.id]);
			expect(ids(await run(e, 'orders', {}, agency))).toEqual([]);
		});
	});
}

contract('postgres', () => createPostgresEngine());

const meiliUrl = process.env.MEILI_URL;
describe.skipIf(!meiliUrl)(
	'search contract: meilisearch (set MEILI_URL and MEILI_MASTER_KEY to run)',
	() => {
		let engine: SearchEngine;
		beforeAll(async () => {
			process.env.MEILI_INDEX_PREFIX = `test_${process.pid}_${Date.now().toString(36)}_`;
			resetConfig();
			const client = meiliClient()!;
			await ensureMeiliIndexes(client);
			engine = createMeiliEngine(client);
			while ((await feedOnce(engine, await getDb())) > 0);
		}, 120_000);
		afterAll(async () => {
			const client = meiliClient();
			for (const kind of ['requests', 'orders', 'work-logs'] as const)
				await client?.deleteIndexIfExists(indexUid(kind));
			delete process.env.MEILI_INDEX_PREFIX;
			resetConfig();
		});
		it('is fed from the outbox', () => {
			expect(engine.name).toBe('meilisearch');
		});
		contract('meilisearch', () => engine);
	}
);

if (!meiliUrl) {
	describe('search contract: meilisearch', () => {
		it.skip('skipped: no Meilisearch server (set MEILI_URL, e.g. http://127.0.0.1:7700, to run this suite against one)', () => {});
	});
}
