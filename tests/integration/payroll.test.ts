import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { toJalali } from '#lib/domain/jalali';
import { getDb, schema } from '#lib/server/db';
import {
	computePayrollMonth,
	exportPayrollCsv,
	exportPayrollXlsx,
	getPayrollMonth,
	lockPayrollMonth
} from '#lib/server/hr/payroll';
import { declareNoCost } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import { buildWorld, type World } from './service-fixtures';

let world: World;
const today = toJalali(new Date());
const month = `${today.jy}-${String(today.jm).padStart(2, '0')}`;

beforeAll(async () => {
	world = await buildWorld();
	const db = await getDb();
	await db
		.update(schema.users)
		.set({ personnelNo: 'P-1001' })
		.where(eq(schema.users.id, world.actors.technician.user.id));
	const { warranty } = await world.newWarrantedUnit();
	const request = await receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: warranty.serial,
		counterId: world.counters[0]!.id,
		complaint: 'صدا'
	});
	const order = await issueOrder(world.actors.dispatcher, {
		requestId: request.id,
		technicianId: world.actors.technician.user.id,
		priorityId: world.priority.id
	});
	await declareNoCost(world.actors.technician, request.id);
	await startRepair(world.actors.technician, request.id);
	const log = await logWork(world.actors.technician, {
		orderId: order.id,
		durationMinutes: 30,
		description: 'تعمیر شد'
	});
	await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 90 });
});

describe('technician performance into payroll', () => {
	it('rolls QC scores and SLA outcomes into a figure and an adjustment, locks the month and exports it', async () => {
		const computed = await computePayrollMonth(world.actors.supervisor, month);
		const line = computed.lines.find((l) => l.technicianId === world.actors.technician.user.id)!;
		expect(line).toMatchObject({
			personnelNo: 'P-1001',
			reviews: 1,
			averageQcScore: 90,
			ordersClosed: 1,
			ordersOnTime: 1
		});
		// 90 × 0.7 + 100 × 0.3 = 93 → 13 points above 80 × 500,000 Rials.
		expect(line.performance).toBe(93);
		expect(line.amountRials).toBe(6_500_000n);

		const own = await getPayrollMonth(world.actors.technician, month);
		expect(own.lines.map((l) => l.technicianId)).toEqual([world.actors.technician.user.id]);

		await expect(exportPayrollCsv(world.actors.supervisor, month)).rejects.toMatchObject({
			status: 409
		});
		await expect(lockPayrollMonth(world.actors.technician, month)).rejects.toMatchObject({
			status: 403
		});
		const locked = await lockPayrollMonth(world.actors.supervisor, month);
		expect(locked.status).toBe('locked');
		await expect(computePayrollMonth(world.actors.supervisor, month)).rejects.toMatchObject({
			status: 409,
			code: 'payroll_locked'
		});

		const csv = await exportPayrollCsv(world.actors.supervisor, month);
		expect(csv.split('\n')[0]).toBe('personnel_no,name,score,amount_rials');
		expect(csv).toContain(`P-1001,${world.actors.technician.user.displayName},93,6500000`);
		const xlsx = await exportPayrollXlsx(world.actors.supervisor, month);
		expect(xlsx.subarray(0, 2).toString()).toBe('PK');

		const db = await getDb();
		const events = await db
			.select()
			.from(schema.outbox)
			.where(eq(schema.outbox.type, 'payroll_month.locked'));
		expect(events).toHaveLength(1);
		expect(events[0]!.payload).toMatchObject({ month });
	});
});
