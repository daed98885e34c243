import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatJalaliDate } from '#lib/domain/jalali';
import { toPersianDigits } from '#lib/domain/text';
import { getDb, schema } from '#lib/server/db';
import {
	cancelRequest,
	deliver,
	markSorted,
	replaceUnit,
	returnUnrepaired
} from '#lib/server/service/closing';
import { declareEstimate, recordCustomerAnswer } from '#lib/server/service/estimates';
import { issueOrder, reassignOrder } from '#lib/server/service/orders';
import {
	getRequestDetail,
	listOrders,
	listRequests,
	listTechnicianQueue,
	listWorkLogs
} from '#lib/server/service/queries';
import { receiveRequest } from '#lib/server/service/reception';
import { getRequestTimeline, getUnitTimeline } from '#lib/server/service/timeline';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import { buildWorld, eventsOf, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

async function receiveWarranted(extra: Record<string, unknown> = {}) {
	const { unit, warranty } = await world.newWarrantedUnit();
	const request = await receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: warranty.serial,
		counterId: world.counters[0]!.id,
		delivererName: 'حسین احمدی',
		complaint: 'یخچال برفک می‌زند',
		...extra
	});
	return { unit, warranty, request };
}

async function issue(requestId: number, technician = world.actors.technician) {
	return issueOrder(world.actors.dispatcher, {
		requestId,
		technicianId: technician.user.id,
		priorityId: world.priority.id,
		serviceId: world.service.id,
		workTypeId: world.workType.id,
		serviceTypeId: world.serviceType.id
	});
}

describe('the whole service path', () => {
	it('goes from reception to delivery through estimate, QC rejection and rework, and the timeline shows all', async () => {
		const { unit, request } = await receiveWarranted();
		const { actors } = world;

		const order = await issue(request.id);
		expect(order.status).toBe('open');
		expect(order.dueAt.getTime()).toBeGreaterThan(Date.now());
		const issued = (await eventsOf('service_order', order.id)).find(
			(e) => e.type === 'service_order.issued'
		);
		expect(issued?.payload).toMatchObject({
			technicianId: actors.technician.user.id,
			requestId: request.id
		});
		expect((await listTechnicianQueue(actors.technician)).map((q) => q.orderId)).toContain(
			order.id
		);

		const estimate = await declareEstimate(actors.technician, {
			requestId: request.id,
			lines: [
				{ kind: 'part', productId: world.compressor.id, quantity: 1 },
				{ kind: 'service', serviceId: world.service.id, quantity: 1 },
				{ kind: 'labour', description: 'شارژ گاز', quantity: 2, unitPriceRials: '۱٬۵۰۰٬۰۰۰' }
			]
		});
		expect(estimate.status).toBe('pending');
		expect(estimate.totalRials).toBe(90_000_000n + 15_000_000n + 3_000_000n);

		await recordCustomerAnswer(actors.reception, estimate.id, {
			decision: 'approve',
			via: 'staff'
		});
		await startRepair(actors.technician, request.id);
		const first = await logWork(actors.technician, {
			orderId: order.id,
			startedAt: '2026-01-10T09:00:00+03:30',
			endedAt: '2026-01-10T10:30:00+03:30',
			description: 'کمپرسور تعویض شد',
			parts: [
				{
					productId: world.compressor.id,
					quantity: 1,
					newSerial: 'CP-NEW-1',
					removedSerial: 'CP-OLD-1'
				},
				{ productId: world.thermostat.id, quantity: '۱' }
			]
		});
		expect(first.durationMinutes).toBe(90);
		expect(first.parts.find((p) => p.productId === world.compressor.id)?.fromBom).toBe(true);
		expect(first.parts.find((p) => p.productId === world.thermostat.id)?.fromBom).toBe(false);

		await expect(
			qcReview(actors.qc, first.id, { decision: 'reject', score: 40 })
		).rejects.toMatchObject({
			status: 422,
			fields: { reason: { key: 'validation.required' } }
		});
		await qcReview(actors.qc, first.id, {
			decision: 'reject',
			reason: 'نشتی گاز برطرف نشده',
			score: 40
		});
		let detail = await getRequestDetail(actors.reception, request.id);
		expect(detail.request.status).toBe('returned_from_qc');

		const rework = await logWork(actors.technician, {
			requestId: request.id,
			durationMinutes: 30,
			description: 'لحیم مجدد لوله'
		});
		expect(rework.isRework).toBe(true);
		await qcReview(actors.qc, rework.id, { decision: 'approve', score: 85 });
		detail = await getRequestDetail(actors.reception, request.id);
		expect(detail.request.status).toBe('ready_for_delivery');
		expect(detail.orders[0]!.status).toBe('done');

		await deliver(actors.reception, request.id, {
			receivedByName: 'رضا محمدی',
			oneTimeCodeVerified: true
		});
		detail = await getRequestDetail(actors.reception, request.id);
		expect(detail.request.status).toBe('delivered');
		expect(detail.delivery?.receivedByName).toBe('رضا محمدی');
		expect(detail.workLogs.map((l) => [l.status, l.review?.score])).toEqual([
			['rejected', 40],
			['approved', 85]
		]);

		const timeline = await getRequestTimeline(actors.reception, request.id);
		const steps = timeline.map((e) => `${e.entityType}.${e.action}`);
		expect(steps).toEqual(
			expect.arrayContaining([
				'service_request.created',
				'service_order.issued',
				'estimate.declared',
				'estimate.answered',
				'work_log.submitted',
				'work_log.reviewed',
				'delivery.recorded'
			])
		);
		const statuses = timeline.filter((e) => e.action === 'status_changed').map((e) => e.changes.to);
		expect(statuses).toEqual([
			'awaiting_assignment',
			'awaiting_cost',
			'cost_approved',
			'awaiting_repair',
			'awaiting_qc',
			'returned_from_qc',
			'awaiting_qc',
			'ready_for_delivery',
			'delivered'
		]);
		expect(timeline.every((e) => e.actor !== null)).toBe(true);
		const unitTimeline = await getUnitTimeline(actors.reception, unit.id);
		expect(unitTimeline).toHaveLength(timeline.length);

		expect((await listTechnicianQueue(actors.technician)).map((q) => q.orderId)).not.toContain(
			order.id
		);
		const logs = await listWorkLogs(actors.qc, { requestId: String(request.id) });
		expect(logs.items).toHaveLength(2);
		const orders = await listOrders(actors.dispatcher, {
			technicianId: actors.technician.user.id,
			status: 'done'
		});
		expect(orders.items.map((o) => o.id)).toContain(order.id);
	});

	it('records a customer answer once: a second answer is refused and nothing changes', async () => {
		const { request } = await receiveWarranted();
		await issue(request.id);
		const estimate = await declareEstimate(world.actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'part', productId: world.compressor.id, quantity: 1 }]
		});
		const results = await Promise.allSettled([
			recordCustomerAnswer(world.actors.reception, estimate.id, { decision: 'approve' }),
			recordCustomerAnswer(world.actors.reception, estimate.id, { decision: 'reject', via: 'sms' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toMatchObject({ status: 409, code: 'already_answered' });
		const events = await eventsOf('estimate', estimate.id);
		expect(events.filter((e) => e.type === 'estimate.answered')).toHaveLength(1);
	});

	it('returns a unit unrepaired after a rejected estimate', async () => {
		const { request } = await receiveWarranted();
		await issue(request.id);
		const estimate = await declareEstimate(world.actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'labour', quantity: 1, unitPriceRials: 2_000_000 }]
		});
		await recordCustomerAnswer(world.actors.reception, estimate.id, { decision: 'reject' });
		const back = await returnUnrepaired(world.actors.reception, request.id);
		expect(back.status).toBe('ready_for_delivery');
	});

	it('sends units that need sorting through awaiting_sorting', async () => {
		const { request } = await receiveWarranted({ needsSorting: true });
		const order = await issue(request.id);
		const { declareNoCost } = await import('#lib/server/service/estimates');
		await declareNoCost(world.actors.technician, request.id);
		await startRepair(world.actors.technician, request.id);
		const log = await logWork(world.actors.technician, {
			orderId: order.id,
			durationMinutes: 45,
			description: 'تعویض ترموستات'
		});
		await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 95 });
		expect((await getRequestDetail(world.actors.qc, request.id)).request.status).toBe(
			'awaiting_sorting'
		);
		expect((await markSorted(world.actors.reception, request.id)).status).toBe(
			'ready_for_delivery'
		);
	});

	it('keeps the history when an order is reassigned', async () => {
		const { request } = await receiveWarranted();
		const order = await issue(request.id);
		const next = await reassignOrder(world.actors.dispatcher, order.id, {
			technicianId: world.actors.technician2.user.id,
			reason: 'مرخصی',
			version: order.version
		});
		const detail = await getRequestDetail(world.actors.dispatcher, request.id);
		expect(detail.orders.map((o) => [o.id, o.status, o.technicianId])).toEqual([
			[order.id, 'reassigned', world.actors.technician.user.id],
			[next.id, 'open', world.actors.technician2.user.id]
		]);
		expect(detail.assignments).toHaveLength(2);
		const event = (await eventsOf('service_order', order.id)).find(
			(e) => e.type === 'service_order.reassigned'
		);
		expect(event?.payload).toMatchObject({
			oldTechnicianId: world.actors.technician.user.id,
			newTechnicianId: world.actors.technician2.user.id
		});
		await expect(
			declareEstimate(world.actors.technician, {
				requestId: request.id,
				lines: [{ kind: 'labour', quantity: 1, unitPriceRials: 1 }]
			})
		).rejects.toMatchObject({ status: 409, code: 'not_assigned' });
		await expect(
			reassignOrder(world.actors.dispatcher, order.id, {
				technicianId: world.actors.technician.user.id,
				version: order.version
			})
		).rejects.toMatchObject({ status: 409, code: 'stale' });
	});

	it('cancels with a reason and closes the open order', async () => {
		const { request } = await receiveWarranted();
		await issue(request.id);
		await expect(
			cancelRequest(world.actors.reception, request.id, { reason: 'انصراف مشتری' })
		).rejects.toMatchObject({ status: 403 });
		const cancelled = await cancelRequest(world.actors.supervisor, request.id, {
			reason: 'انصراف مشتری'
		});
		expect(cancelled.status).toBe('cancelled');
		const detail = await getRequestDetail(world.actors.supervisor, request.id);
		expect(detail.orders[0]!.status).toBe('cancelled');
		expect(detail.moves).toEqual([]);
	});
});

describe('branch and agency scope', () => {
	it('hides other branches’ requests (404) and lists only one’s own', async () => {
		const { request } = await receiveWarranted();
		await expect(getRequestDetail(world.actors.receptionB, request.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(getRequestTimeline(world.actors.receptionB, request.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(
			cancelRequest(world.actors.receptionB, request.id, { reason: 'x' })
		).rejects.toMatchObject({ status: 403 });
		const theirs = await listRequests(world.actors.receptionB, {});
		expect(theirs.items.some((r) => r.id === request.id)).toBe(false);
		const ours = await listRequests(world.actors.reception, { q: request.formNumber });
		expect(ours.items.map((r) => r.id)).toEqual([request.id]);
	});

	it('lets agents see only what their agency sent in', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const sent = await receiveRequest(world.actors.agent, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'تلویزیون تصویر ندارد ولی صدا دارد'
		});
		expect(sent.agencyId).toBe(world.agency.id);
		expect(sent.channel).toBe('agent');
		const { request: walkIn } = await receiveWarranted();
		await expect(getRequestDetail(world.actors.agent, walkIn.id)).rejects.toMatchObject({
			status: 404
		});
		const mine = await listRequests(world.actors.agent, {});
		expect(mine.items.map((r) => r.id)).toEqual([sent.id]);
	});
});

describe('lists', () => {
	it('pages with a cursor and filters by Jalali dates typed in Persian digits', async () => {
		await receiveWarranted();
		await receiveWarranted();
		const first = await listRequests(world.actors.reception, { limit: '2' });
		expect(first.items).toHaveLength(2);
		expect(first.nextCursor).not.toBeNull();
		const second = await listRequests(world.actors.reception, {
			limit: '2',
			cursor: first.nextCursor
		});
		expect(second.items.every((r) => r.id < first.items[1]!.id)).toBe(true);

		const all = await listRequests(world.actors.reception, { limit: '200' });
		const newest = all.items[0]!.createdAt;
		const oldest = all.items[all.items.length - 1]!.createdAt;
		const from = toPersianDigits(formatJalaliDate(oldest));
		const to = toPersianDigits(formatJalaliDate(newest));
		const dayBefore = formatJalaliDate(new Date(oldest.getTime() - 86_400_000));
		expect(
			(await listRequests(world.actors.reception, { from, to, limit: '200' })).items
		).toHaveLength(all.items.length);
		expect((await listRequests(world.actors.reception, { to: dayBefore })).items).toHaveLength(0);
		const waiting = await listRequests(world.actors.reception, {
			status: 'awaiting_assignment,draft',
			limit: '200'
		});
		expect(
			waiting.items.every((r) => r.status === 'awaiting_assignment' || r.status === 'draft')
		).toBe(true);
		expect(waiting.items.length).toBeGreaterThan(0);
		await expect(
			listRequests(world.actors.reception, { cursor: 'not-a-cursor' })
		).rejects.toMatchObject({ status: 422 });
	});
});

describe('replacement', () => {
	it('swaps the unit and carries the warranty over with its end date', async () => {
		const { unit, warranty, request } = await receiveWarranted();
		await issue(request.id);
		await expect(
			replaceUnit(world.actors.reception, request.id, {
				newSerial: 'NEW-1',
				reason: 'قابل تعمیر نیست'
			})
		).rejects.toMatchObject({ status: 403 });
		const replacement = await replaceUnit(world.actors.supervisor, request.id, {
			newSerial: `NEW-${unit.serial}`,
			reason: 'قابل تعمیر نیست'
		});
		const db = await getDb();
		const [moved] = await db
			.select()
			.from(schema.warranties)
			.where(eq(schema.warranties.id, warranty.id));
		expect(moved!.unitId).toBe(replacement.newUnitId);
		expect(moved!.endsOn?.getTime()).toBe(warranty.endsOn?.getTime());
		const [newUnit] = await db
			.select()
			.from(schema.units)
			.where(eq(schema.units.id, replacement.newUnitId));
		expect(newUnit!.replacesUnitId).toBe(unit.id);
		expect(newUnit!.ownerId).toBe(world.customer.id);
		const detail = await getRequestDetail(world.actors.supervisor, request.id);
		expect(detail.request.status).toBe('replaced');
		expect(detail.orders[0]!.status).toBe('done');
		expect(detail.replacement?.newSerial).toBe(`NEW-${unit.serial}`);
		const newUnitTimeline = await getUnitTimeline(world.actors.supervisor, replacement.newUnitId);
		expect(newUnitTimeline.some((e) => e.entityType === 'replacement')).toBe(true);
	});
});
