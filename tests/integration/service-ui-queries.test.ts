// The read side behind the service-path pages: status counts within a user's branch, who may be
// given work, the bulk preview that checks a list without keeping anything, and timelines told
// in people's words.
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import { receiveBulkList } from '#lib/server/service/bulk';
import { declareEstimate, recordCustomerAnswer } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { getRequestTimeline } from '#lib/server/service/timeline';
import {
	countRequestsByStatus,
	describeTimeline,
	listPartOptions,
	listTechnicianChoices,
	previewBulkList,
	requestBriefs
} from '#lib/server/service/ui-queries';
import { buildWorld, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

describe('status counts', () => {
	it('counts each status within the user branch only, and all 14 statuses are always reported', async () => {
		const { warranty } = await world.newWarrantedUnit();
		await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'خنک نمی‌کند'
		});
		await receiveRequest(world.actors.reception, {
			by: 'product_code',
			key: world.fridge.code,
			submit: false
		});
		await receiveRequest(world.actors.receptionB, {
			by: 'product_code',
			key: world.fridge.code,
			customerId: world.customer.id,
			complaint: 'صدا می‌دهد'
		});
		const inA = await countRequestsByStatus(world.actors.reception);
		expect(Object.keys(inA)).toHaveLength(14);
		expect(inA.awaiting_assignment).toBe(1);
		expect(inA.draft).toBe(1);
		const everywhere = await countRequestsByStatus(world.actors.supervisor);
		expect(everywhere.awaiting_assignment).toBe(2);
	});

	it('narrows the counts by the list filters, typed text included', async () => {
		const counts = await countRequestsByStatus(world.actors.supervisor, {
			branchId: world.branchB.id,
			q: 'صدا'
		});
		expect(counts.awaiting_assignment).toBe(1);
		expect(counts.draft).toBe(0);
	});
});

describe('technician choices', () => {
	it('offers the staff who may log work in the branch, not reception or QC', async () => {
		const choices = await listTechnicianChoices(world.actors.dispatcher, world.branchA.id);
		const ids = choices.map((c) => c.id);
		expect(ids).toEqual(
			expect.arrayContaining([world.actors.technician.user.id, world.actors.technician2.user.id])
		);
		expect(ids).not.toContain(world.actors.qc.user.id);
		expect(ids).not.toContain(world.actors.reception.user.id);
		// A supervisor holds worklogs/manage and works in every branch: they may take work too.
		expect(ids).toContain(world.actors.supervisor.user.id);
	});
});

describe('part suggestions', () => {
	it('puts the product BOM first, then the other parts', async () => {
		const parts = await listPartOptions(world.fridge.id);
		expect(parts[0]).toMatchObject({
			id: world.compressor.id,
			fromBom: true,
			priceRials: '90000000'
		});
		expect(parts.find((p) => p.id === world.thermostat.id)).toMatchObject({ fromBom: false });
	});
});

describe('bulk preview', () => {
	it('reports each bad line in the user language and keeps nothing', async () => {
		const good = await world.newWarrantedUnit();
		const db = await getDb();
		const listsBefore = (await db.select({ n: count() }).from(schema.requestLists))[0]!.n;
		const requestsBefore = (await db.select({ n: count() }).from(schema.serviceRequests))[0]!.n;
		const preview = await previewBulkList(
			world.actors.reception,
			{
				text: `${good.warranty.serial}\nNO-SUCH-SERIAL\n${good.warranty.serial}`,
				complaint: 'گروهی'
			},
			'fa'
		);
		expect(preview.errors).toBe(2);
		expect(preview.lines.map((l) => l.line)).toEqual([1, 2, 3]);
		expect(preview.lines[0]!.error).toBeNull();
		expect(preview.lines[1]!.error).toBe(
			'این سریال نه سریال گارانتی است و نه سریال کالای ثبت‌شده.'
		);
		expect(preview.lines[2]!.error).toContain('۱');
		expect((await db.select({ n: count() }).from(schema.requestLists))[0]!.n).toBe(listsBefore);
		expect((await db.select({ n: count() }).from(schema.serviceRequests))[0]!.n).toBe(
			requestsBefore
		);
	});

	it('shows what a good list becomes, and the real intake afterwards takes the first list number', async () => {
		const a = await world.newWarrantedUnit();
		const b = await world.newWarrantedUnit();
		const input = {
			text: `${a.warranty.serial}\n${b.warranty.serial}`,
			complaint: 'سرویس دوره‌ای'
		};
		const preview = await previewBulkList(world.actors.reception, input, 'en');
		expect(preview.errors).toBe(0);
		expect(preview.lines.map((l) => [l.product?.en, l.coverage])).toEqual([
			['Side-by-side fridge', 'active'],
			['Side-by-side fridge', 'active']
		]);
		const { list, requests } = await receiveBulkList(world.actors.reception, input);
		expect(list.listNumber).toMatch(/-L0001$/);
		expect(requests).toHaveLength(2);
	});
});

describe('timeline', () => {
	it('tells the path in order with names, amounts and the customer answer', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'برفک'
		});
		const order = await issueOrder(world.actors.dispatcher, {
			requestId: request.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id,
			serviceId: world.service.id
		});
		expect(order.technicianId).toBe(world.actors.technician.user.id);
		const estimate = await declareEstimate(world.actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'part', productId: world.compressor.id, quantity: 1 }]
		});
		await recordCustomerAnswer(world.actors.reception, estimate.id, { decision: 'approve' });

		const timeline = await describeTimeline(
			await getRequestTimeline(world.actors.reception, request.id)
		);
		// Each status change is shown on the line of the step that caused it.
		expect(timeline.map((e) => [e.title, e.toStatus])).toEqual([
			['service.action.created', 'awaiting_assignment'],
			['service.action.issued', 'awaiting_cost'],
			['service.action.declared', undefined],
			['serviceUi.timeline.costApproved', 'cost_approved']
		]);
		const issued = timeline[1]!;
		expect(issued.facts).toEqual(
			expect.arrayContaining([
				{
					label: 'serviceUi.field.technician',
					kind: 'text',
					text: world.actors.technician.user.displayName
				},
				{ label: 'serviceUi.field.priority', kind: 'named', fa: 'عادی', en: 'Normal' }
			])
		);
		expect(timeline[2]!.facts).toContainEqual({
			label: 'serviceUi.field.total',
			kind: 'rials',
			rials: '90000000'
		});
		expect(timeline[0]).toMatchObject({ fromStatus: 'draft', toStatus: 'awaiting_assignment' });
		expect(timeline[3]).toMatchObject({
			tone: 'good',
			actorName: world.actors.reception.user.displayName
		});

		const briefs = await requestBriefs([request.id]);
		expect(briefs[request.id]).toMatchObject({
			status: 'cost_approved',
			pendingEstimate: false,
			lastRejection: null
		});
		const db = await getDb();
		const [row] = await db
			.select()
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.id, request.id));
		expect(briefs[request.id]!.version).toBe(row!.version);
	});
});
