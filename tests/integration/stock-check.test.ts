// `npm run stock:check`: a ledger written by the services checks clean; tampering is caught.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#lib/server/db';
import { stockMoves, type Warehouse, type WarehouseKind } from '#lib/server/db/schema';
import { receiveRequest } from '#lib/server/service/reception';
import { checkStockConsistency } from '#lib/server/stock/check';
import { createDocument, postDocument } from '#lib/server/stock/documents';
import { buildBooksWorld } from './billing-fixtures';
import type { World } from './service-fixtures';

let world: World;
let stores: Record<WarehouseKind, Warehouse>;

beforeAll(async () => {
	({ world, stores } = await buildBooksWorld());
});

describe('stock consistency check', () => {
	it('finds nothing wrong with a ledger the services wrote', async () => {
		const receipt = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'receipt',
			moves: [
				{
					warehouseId: stores.main.id,
					productId: world.compressor.id,
					quantity: 4,
					unitCostRials: 60_000_001
				}
			]
		});
		await postDocument(world.actors.admin, receipt.id);
		const transfer = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'sales_issue',
			moves: [{ warehouseId: stores.main.id, productId: world.compressor.id, quantity: -3 }]
		});
		await postDocument(world.actors.admin, transfer.id);
		const { warranty } = await world.newWarrantedUnit();
		await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'روشن نمی‌شود'
		});
		const report = await checkStockConsistency(await getDb());
		expect(report.problems).toEqual([]);
		expect(report.documents).toBeGreaterThanOrEqual(3);
		expect(report.journalEntries).toBeGreaterThanOrEqual(2);
	});

	it('reports a posted line changed behind the ledger’s back', async () => {
		const db = await getDb();
		const [line] = await db
			.select()
			.from(stockMoves)
			.where(eq(stockMoves.warehouseId, stores.main.id))
			.orderBy(stockMoves.id)
			.limit(1);
		await db
			.update(stockMoves)
			.set({ quantity: sql`${stockMoves.quantity} - 10` })
			.where(eq(stockMoves.id, line!.id));
		const report = await checkStockConsistency(db);
		const checks = report.problems.map((p) => p.check).sort();
		expect(checks).toContain('negative');
		expect(checks).toContain('journal');
		await db
			.update(stockMoves)
			.set({ quantity: sql`${stockMoves.quantity} + 10` })
			.where(eq(stockMoves.id, line!.id));
		expect((await checkStockConsistency(db)).problems).toEqual([]);
	});
});
