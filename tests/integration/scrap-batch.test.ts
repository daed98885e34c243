// The monthly scrap batch: one step returns exactly the month's scrap still on hand, a second
// run takes only what is left, an agent's batch only their requests' scrap, and the ledger
// still checks clean.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromJalali } from '#lib/domain/jalali';
import { getDb } from '#lib/server/db';
import { serviceRequests, type Warehouse, type WarehouseKind } from '#lib/server/db/schema';
import { receiveRequest } from '#lib/server/service/reception';
import { checkStockConsistency } from '#lib/server/stock/check';
import { createDocument, postDocument, postDocumentInTx } from '#lib/server/stock/documents';
import { returnMonthScrap } from '#lib/server/stock/scrap-batch';
import { stockOnHand } from '#lib/server/stock/warehouses';
import { buildBooksWorld } from './billing-fixtures';
import type { World } from './service-fixtures';

let world: World;
let stores: Record<WarehouseKind, Warehouse>;

// Mehr (month 7) and Aban (month 8) of 1405.
const MEHR_10 = fromJalali(1405, 7, 10);
const MEHR_30 = new Date(fromJalali(1405, 8, 1).getTime() - 60_000);
const ABAN_5 = fromJalali(1405, 8, 5);

async function scrapIn(
	at: Date,
	moves: { productId: number; quantity: number; serial?: string }[],
	requestId?: number
) {
	const doc = await createDocument(world.actors.admin, {
		branchId: world.branchA.id,
		kind: 'scrap_receipt',
		...(requestId ? { requestId } : {}),
		moves: moves.map((m) => ({ ...m, warehouseId: stores.scrap.id, unitCostRials: 1_000_000 }))
	});
	const db = await getDb();
	await db.transaction((tx) => postDocumentInTx(tx, world.actors.admin.user.id, doc.id, at));
	return doc;
}

async function scrapOnHand() {
	const rows = await stockOnHand(world.actors.admin, stores.scrap.id);
	return Object.fromEntries(rows.map((r) => [r.productCode, [r.quantity, [...r.serials].sort()]]));
}

beforeAll(async () => {
	({ world, stores } = await buildBooksWorld());
});

describe('monthly scrap batch', () => {
	it("returns exactly Mehr's scrap still on hand, and a second run only what is left", async () => {
		const c = world.compressor.id;
		const t = world.thermostat.id;
		await scrapIn(MEHR_10, [
			{ productId: c, quantity: 1, serial: 'SC-1' },
			{ productId: c, quantity: 1, serial: 'SC-2' },
			{ productId: t, quantity: 3 }
		]);
		await scrapIn(ABAN_5, [{ productId: c, quantity: 1, serial: 'SC-3' }]);
		// SC-2 already went back on its own before the batch.
		const early = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'scrap_return',
			moves: [{ warehouseId: stores.scrap.id, productId: c, quantity: -1, serial: 'SC-2' }]
		});
		await postDocument(world.actors.admin, early.id);

		const batch = await returnMonthScrap(world.actors.admin, {
			warehouseId: stores.scrap.id,
			month: '۱۴۰۵-۰۷'
		});
		expect(batch.kind).toBe('scrap_return');
		expect(batch.status).toBe('draft');
		expect([batch.period, batch.note]).toEqual(['1405-07', '1405-07']);
		expect(batch.moves.map((m) => [m.productId, m.quantity, m.serial])).toEqual(
			[
				[c, -1, 'SC-1'],
				[t, -3, '']
			].sort((a, b) => Number(a[0]) - Number(b[0]))
		);
		// The draft already claims those lines: running again finds nothing, also once posted.
		await expect(
			returnMonthScrap(world.actors.admin, { warehouseId: stores.scrap.id, month: '1405-07' })
		).rejects.toMatchObject({ status: 409, code: 'nothing_to_return' });
		await postDocument(world.actors.admin, batch.id);
		expect(await scrapOnHand()).toMatchObject({
			[world.compressor.code]: [1, ['SC-3']]
		});
		await expect(
			returnMonthScrap(world.actors.admin, { warehouseId: stores.scrap.id, month: '1405-07' })
		).rejects.toMatchObject({ status: 409 });

		// Two more thermostats received late in Mehr: the next run (posted at once) takes just them.
		await scrapIn(MEHR_30, [{ productId: t, quantity: 2 }]);
		const late = await returnMonthScrap(world.actors.admin, {
			warehouseId: stores.scrap.id,
			month: '1405-7',
			post: true
		});
		expect(late.status).toBe('posted');
		expect(late.moves.map((m) => [m.productId, m.quantity])).toEqual([[t, -2]]);

		// Aban's compressor is still there for Aban's batch.
		const aban = await returnMonthScrap(world.actors.admin, {
			warehouseId: stores.scrap.id,
			month: '1405-08',
			post: true
		});
		expect(aban.moves.map((m) => [m.productId, m.serial])).toEqual([[c, 'SC-3']]);
		const left = await scrapOnHand();
		expect(left[world.compressor.code]?.[0] ?? 0).toBe(0);
		expect(left[world.thermostat.code]?.[0] ?? 0).toBe(0);
	});

	it("an agent's batch takes only the scrap of that agency's requests", async () => {
		const db = await getDb();
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'برفک نمی‌زند'
		});
		await db
			.update(serviceRequests)
			.set({ agencyId: world.agency.id })
			.where(eq(serviceRequests.id, request.id));
		const MEHR_20 = fromJalali(1405, 7, 20);
		await scrapIn(
			MEHR_20,
			[{ productId: world.thermostat.id, quantity: 1, serial: 'AG-T1' }],
			request.id
		);
		await scrapIn(MEHR_20, [{ productId: world.thermostat.id, quantity: 1, serial: 'HQ-T1' }]);
		const mine = await returnMonthScrap(world.actors.admin, {
			warehouseId: stores.scrap.id,
			month: '1405-07',
			agencyId: world.agency.id
		});
		expect(mine.moves.map((m) => m.serial)).toEqual(['AG-T1']);
		expect(mine.period).toBe(`1405-07/${world.agency.id}`);
		// The branch's own batch for the month still finds the other one (and not the agent's draft).
		const branch = await returnMonthScrap(world.actors.admin, {
			warehouseId: stores.scrap.id,
			month: '1405-07'
		});
		expect(branch.moves.map((m) => m.serial)).toEqual(['HQ-T1']);
	});

	it('refuses a store that is not a scrap store, a bad month and people without stock rights', async () => {
		await expect(
			returnMonthScrap(world.actors.admin, { warehouseId: stores.main.id, month: '1405-07' })
		).rejects.toMatchObject({
			status: 422,
			fields: { warehouseId: { key: 'stock.scrapBatch.notScrap' } }
		});
		await expect(
			returnMonthScrap(world.actors.admin, { warehouseId: stores.scrap.id, month: '1405-13' })
		).rejects.toMatchObject({ status: 422 });
		await expect(
			returnMonthScrap(world.actors.technician, { warehouseId: stores.scrap.id, month: '1405-07' })
		).rejects.toMatchObject({ status: 403 });
	});

	it('leaves a ledger that checks clean', async () => {
		const report = await checkStockConsistency(await getDb());
		expect(report.problems).toEqual([]);
	});
});
