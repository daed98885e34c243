// The billing and stock tests' shared setup: a service world whose branch A keeps books and
// stores, compressors in stock, and a repair the customer approved and QC passed.
import { installDefaultChart } from '#lib/server/billing/accounts';
import { getDb } from '#lib/server/db';
import type { Warehouse, WarehouseKind } from '#lib/server/db/schema';
import { declareEstimate, recordCustomerAnswer } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import { createDocument, postDocument } from '#lib/server/stock/documents';
import { ensureBranchWarehouses } from '#lib/server/stock/warehouses';
import { buildWorld, type World } from './service-fixtures';

export type Stores = Record<WarehouseKind, Warehouse>;

/** A service world with the default chart of accounts and branch A's stores. */
export async function buildBooksWorld(): Promise<{ world: World; stores: Stores }> {
	const world = await buildWorld();
	const db = await getDb();
	const stores = await db.transaction(async (tx) => {
		await installDefaultChart(tx);
		return ensureBranchWarehouses(tx, world.branchA.id);
	});
	return { world, stores };
}

/** Receives and posts `quantity` compressors at 60,000,000 each into branch A's main store. */
export async function stockCompressors(world: World, stores: Stores, quantity: number) {
	const opening = await createDocument(world.actors.admin, {
		branchId: world.branchA.id,
		kind: 'receipt',
		moves: [
			{
				warehouseId: stores.main.id,
				productId: world.compressor.id,
				quantity,
				unitCostRials: 60_000_000
			}
		]
	});
	await postDocument(world.actors.admin, opening.id);
}

/**
 * A warranted unit repaired for pay: the approved estimate holds a compressor (90,000,000), a
 * service (15,000,000) and labour (1,000,005, typed as `labourPrice`); the work log fits the
 * compressor `newSerial` (taking `removedSerial` out) and QC approved it.
 */
export async function approvedRepair(
	world: World,
	options: {
		newSerial: string;
		removedSerial: string;
		labourPrice?: string;
		delivererName?: string;
		score?: number;
	}
) {
	const { warranty } = await world.newWarrantedUnit();
	const request = await receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: warranty.serial,
		counterId: world.counters[0]!.id,
		...(options.delivererName ? { delivererName: options.delivererName } : {}),
		complaint: 'کمپرسور صدا می‌دهد'
	});
	const order = await issueOrder(world.actors.dispatcher, {
		requestId: request.id,
		technicianId: world.actors.technician.user.id,
		priorityId: world.priority.id,
		serviceId: world.service.id
	});
	const estimate = await declareEstimate(world.actors.technician, {
		requestId: request.id,
		lines: [
			{ kind: 'part', productId: world.compressor.id, quantity: 1 },
			{ kind: 'service', serviceId: world.service.id, quantity: 1 },
			{
				kind: 'labour',
				description: 'شارژ گاز',
				quantity: 1,
				unitPriceRials: options.labourPrice ?? '1000005'
			}
		]
	});
	await recordCustomerAnswer(world.actors.reception, estimate.id, {
		decision: 'approve',
		via: 'staff'
	});
	await startRepair(world.actors.technician, request.id);
	const log = await logWork(world.actors.technician, {
		orderId: order.id,
		durationMinutes: 50,
		description: 'کمپرسور تعویض شد',
		parts: [
			{
				productId: world.compressor.id,
				quantity: 1,
				newSerial: options.newSerial,
				removedSerial: options.removedSerial
			}
		]
	});
	await qcReview(world.actors.qc, log.id, { decision: 'approve', score: options.score ?? 90 });
	return { request, estimate };
}
