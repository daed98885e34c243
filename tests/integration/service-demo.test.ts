import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '#lib/domain/lifecycle';
import { getDb, schema } from '#lib/server/db';
import { seedCatalogDemo } from '#lib/server/demo/catalog';
import { seedOrgDemo } from '#lib/server/demo/org';
import { seedServiceDemo } from '#lib/server/demo/service';

describe('service demo data', () => {
	it('fills every status with requests whose history matches, numbered without gaps, once', async () => {
		const db = await getDb();
		const result = await db.transaction(async (tx) => {
			await seedOrgDemo(tx, 'not-a-real-hash');
			await seedCatalogDemo(tx);
			// A smaller story than the real demo keeps the test quick; every status is still visited.
			return seedServiceDemo(tx, { requests: 40 });
		});
		expect(result.requests).toBe(40 + 16);
		expect(result.lists).toBe(2);

		const requests = await db
			.select()
			.from(schema.serviceRequests)
			.orderBy(asc(schema.serviceRequests.id));
		const present = new Set(requests.map((r) => r.status));
		expect([...STATUSES].filter((s) => !present.has(s))).toEqual([]);

		const changes = await db
			.select()
			.from(schema.history)
			.where(eq(schema.history.action, 'status_changed'))
			.orderBy(asc(schema.history.id));
		const lastTo = new Map<string, unknown>();
		for (const row of changes)
			if (row.entityType === 'service_request') lastTo.set(row.entityId, row.changes.to);
		for (const request of requests) {
			expect(lastTo.get(String(request.id)) ?? 'draft', request.formNumber).toBe(request.status);
		}

		const byBranch = new Map<number, number[]>();
		for (const r of requests)
			byBranch.set(r.branchId, [...(byBranch.get(r.branchId) ?? []), r.seq]);
		for (const seqs of byBranch.values()) {
			expect(seqs.sort((a, b) => a - b)).toEqual(
				Array.from({ length: seqs.length }, (_, i) => i + 1)
			);
		}
		const oldest = requests.reduce((min, r) => Math.min(min, r.createdAt.getTime()), Date.now());
		expect(Date.now() - oldest).toBeGreaterThan(30 * 86_400_000);

		expect(await db.transaction((tx) => seedServiceDemo(tx))).toEqual({ requests: 0, lists: 0 });
	}, 600_000);
});
