// A fresh installation posts its first stock document without anyone setting up accounts first.
import { describe, expect, it } from 'vitest';
import { accountMapping } from '#lib/server/billing/accounting';
import { getDb } from '#lib/server/db';
import { createDocument, postDocument } from '#lib/server/stock/documents';
import { ensureBranchWarehouses } from '#lib/server/stock/warehouses';
import { buildWorld } from './service-fixtures';

describe('default chart of accounts', () => {
	it('is installed by the first posting when nothing is mapped yet', async () => {
		const world = await buildWorld();
		const db = await getDb();
		const stores = await db.transaction((tx) => ensureBranchWarehouses(tx, world.branchA.id));
		expect(
			(await accountMapping(world.actors.admin)).mapping.every((m) => m.accountId === null)
		).toBe(true);
		const doc = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'receipt',
			moves: [
				{
					warehouseId: stores.main.id,
					productId: world.compressor.id,
					quantity: 2,
					unitCostRials: 1_000_000
				}
			]
		});
		const posted = await postDocument(world.actors.admin, doc.id);
		expect(posted.status).toBe('posted');
		const { mapping, accounts } = await accountMapping(world.actors.admin);
		expect(mapping.every((m) => m.accountId !== null)).toBe(true);
		expect(accounts.map((a) => a.code)).toContain('1401');
	});
});
