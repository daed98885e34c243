import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import { receiveBulkList } from '#lib/server/service/bulk';
import { declareNoCost } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import { buildWorld, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

async function counts() {
	const db = await getDb();
	const n = sql<number>`count(*)::int`;
	const [[requests], [lists]] = await Promise.all([
		db
			.select({ n })
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.branchId, world.branchA.id)),
		db
			.select({ n })
			.from(schema.requestLists)
			.where(eq(schema.requestLists.branchId, world.branchA.id))
	]);
	return { requests: requests!.n, lists: lists!.n };
}

describe('bulk intake', () => {
	it('creates nothing when any line is bad, and reports every bad line', async () => {
		const a = await world.newWarrantedUnit();
		const before = await counts();
		const attempt = receiveBulkList(world.actors.agent, {
			complaint: 'تلویزیون تصویر ندارد ولی صدا دارد',
			text: `${a.warranty.serial}\nUNKNOWN-SERIAL\n${a.warranty.serial.toLowerCase()}\n`
		});
		await expect(attempt).rejects.toMatchObject({
			status: 422,
			code: 'bulk_invalid',
			fields: {
				'lines.1.serial': { key: 'service.error.bulkNotFound' },
				'lines.2.serial': { key: 'service.error.bulkDuplicate' }
			},
			details: {
				lines: [
					expect.objectContaining({ line: 2, serial: 'UNKNOWN-SERIAL' }),
					expect.objectContaining({ line: 3, params: { line: 1 } })
				]
			}
		});
		expect(await counts()).toEqual(before);
	});

	it('creates one list with consecutive requests, and sends its units through sorting', async () => {
		const units = [
			await world.newWarrantedUnit(),
			await world.newWarrantedUnit(),
			await world.newWarrantedUnit()
		];
		const csv = [
			'سریال,کد کالا,شرح ایراد',
			...units.map(
				(u, i) => `${u.warranty.serial},,${i === 0 ? '' : 'لباسشویی آب را تخلیه نمی‌کند'}`
			)
		].join('\n');
		const { list, requests } = await receiveBulkList(world.actors.agent, {
			complaint: 'یخچال برفک می‌زند',
			delivererName: 'پیک نمایندگی',
			text: csv
		});
		expect(list.listNumber).toBe(`${world.branchA.code}-${list.jalaliYear}-L0001`);
		expect(list.agencyId).toBe(world.agency.id);
		expect(requests).toHaveLength(3);
		expect(requests.map((r) => r.listId)).toEqual([list.id, list.id, list.id]);
		expect(requests.map((r) => r.status)).toEqual([
			'awaiting_assignment',
			'awaiting_assignment',
			'awaiting_assignment'
		]);
		expect(requests[0]!.complaint).toBe('یخچال برفک می‌زند');
		expect(requests[1]!.complaint).toBe('لباسشویی آب را تخلیه نمی‌کند');
		const seqs = requests.map((r) => r.seq);
		expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);

		const order = await issueOrder(world.actors.dispatcher, {
			requestId: requests[0]!.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id
		});
		await declareNoCost(world.actors.technician, requests[0]!.id);
		await startRepair(world.actors.technician, requests[0]!.id);
		const log = await logWork(world.actors.technician, {
			orderId: order.id,
			durationMinutes: 20,
			description: 'بررسی و تنظیم'
		});
		await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 90 });
		const [sorted] = await (
			await getDb()
		)
			.select()
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.id, requests[0]!.id));
		expect(sorted!.status).toBe('awaiting_sorting');
	});

	it('refuses an empty list', async () => {
		await expect(receiveBulkList(world.actors.agent, { text: '\n\n' })).rejects.toMatchObject({
			status: 422,
			fields: { lines: { key: 'service.error.bulkEmpty' } }
		});
	});
});
