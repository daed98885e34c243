import { beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '#lib/server/service/closing';
import { declareEstimate, declareNoCost } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { getRequestDetail, listRequests } from '#lib/server/service/queries';
import { receiveRequest } from '#lib/server/service/reception';
import { saveReplacementRule } from '#lib/server/service/replacement';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import { buildWorld, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

async function receive(serial: string) {
	return receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: serial,
		complaint: 'یخچال خنک نمی‌کند'
	});
}

async function issue(requestId: number) {
	return issueOrder(world.actors.dispatcher, {
		requestId,
		technicianId: world.actors.technician.user.id,
		priorityId: world.priority.id
	});
}

/** One complete warranty repair, from reception to hand-over. */
async function repairUnderWarranty(serial: string) {
	const request = await receive(serial);
	const order = await issue(request.id);
	await declareNoCost(world.actors.technician, request.id);
	await startRepair(world.actors.technician, request.id);
	const log = await logWork(world.actors.technician, {
		orderId: order.id,
		durationMinutes: 60,
		description: 'تعمیر برد'
	});
	await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 80 });
	await deliver(world.actors.reception, request.id, { receivedByName: 'رضا محمدی' });
}

describe('replacement threshold', () => {
	it('flags a unit repaired K times under warranty within the window', async () => {
		const { actors } = world;
		await expect(
			saveReplacementRule(actors.supervisor, {
				categoryId: world.category.id,
				windowMonths: 12,
				maxWarrantyRepairs: 2,
				maxCostPercent: 0
			})
		).rejects.toMatchObject({ status: 403 });
		const { unit, warranty } = await world.newWarrantedUnit();
		const admin = actors.admin;
		await saveReplacementRule(admin, {
			categoryId: world.category.id,
			windowMonths: '۱۲',
			maxWarrantyRepairs: 2,
			maxCostPercent: 0
		});

		await repairUnderWarranty(warranty.serial);
		const second = await receive(warranty.serial);
		expect(second.replacementFlag).toBe(false);
		await issue(second.id);
		await declareNoCost(actors.technician, second.id);
		await startRepair(actors.technician, second.id);

		// A rule edit re-flags open requests: with a threshold of one repair, this one is over it now.
		await saveReplacementRule(admin, {
			categoryId: world.category.id,
			windowMonths: 12,
			maxWarrantyRepairs: 1,
			maxCostPercent: 0
		});
		let detail = await getRequestDetail(actors.reception, second.id);
		expect(detail.request.replacementFlag).toBe(true);
		expect(detail.request.replacementReasons).toEqual(['repairs']);

		await saveReplacementRule(admin, {
			categoryId: world.category.id,
			windowMonths: 12,
			maxWarrantyRepairs: 2,
			maxCostPercent: 0
		});
		detail = await getRequestDetail(actors.reception, second.id);
		expect(detail.request.replacementFlag).toBe(false);
		const log = await logWork(actors.technician, {
			requestId: second.id,
			durationMinutes: 30,
			description: 'تعویض فن'
		});
		await qcReview(actors.qc, log.id, { decision: 'approve', score: 70 });
		await deliver(actors.reception, second.id, { receivedByName: 'رضا محمدی' });

		const third = await receive(warranty.serial);
		expect(third.replacementFlag).toBe(true);
		expect(third.replacementReasons).toEqual(['repairs']);
		const flagged = await listRequests(actors.reception, {
			replacementFlag: 'true',
			unitId: String(unit.id)
		});
		expect(flagged.items.map((r) => r.id)).toEqual([third.id]);
	});

	it('flags an estimate at or over X% of the product price', async () => {
		const { actors } = world;
		await saveReplacementRule(actors.admin, { productId: world.fridge.id, maxCostPercent: '۵۰' });
		const { warranty } = await world.newWarrantedUnit();
		const request = await receive(warranty.serial);
		await issue(request.id);
		await declareEstimate(actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'labour', quantity: 1, unitPriceRials: 249_999_999 }]
		});
		expect((await getRequestDetail(actors.reception, request.id)).request.replacementFlag).toBe(
			false
		);
		await declareEstimate(actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'labour', quantity: 1, unitPriceRials: 250_000_000 }]
		});
		const detail = await getRequestDetail(actors.reception, request.id);
		expect(detail.request.replacementFlag).toBe(true);
		expect(detail.request.replacementReasons).toContain('cost');
		expect(detail.estimates.map((e) => e.status)).toEqual(['superseded', 'pending']);
	});
});
