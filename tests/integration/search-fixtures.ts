// A fixed set of requests, orders and work logs for the search suites, written straight into
// the service tables (every field a search filters on, with known values) and then indexed by
// the same statements the projector runs.
import { formatFormNumber, formatListNumber } from '#lib/server/service/numbering';
import { identifierKey } from '#lib/domain/search-normalize';
import { getDb, schema } from '#lib/server/db';
import { refreshRequestFamilies } from '#lib/server/search/documents';
import type { World } from './service-fixtures';

type Request = typeof schema.serviceRequests.$inferSelect;
type Order = typeof schema.serviceOrders.$inferSelect;
type WorkLog = typeof schema.workLogs.$inferSelect;

export interface SearchWorld {
	world: World;
	now: Date;
	r1: Request;
	r2: Request;
	r3: Request;
	r4: Request;
	o1: Order;
	o2: Order;
	w1: WorkLog;
	w2: WorkLog;
	listNumber: string;
	fillers: Request[];
}

let seq = 0;

/** Seeds the search world on top of a service world; every call adds an independent set. */
export async function seedSearchWorld(world: World): Promise<SearchWorld> {
	const db = await getDb();
	const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
	const customer = async (name: string, mobile: string) =>
		(await db.insert(schema.customers).values({ name, nameNorm: name, mobile }).returning())[0]!;
	const unit = async (serial: string) =>
		(
			await db
				.insert(schema.units)
				.values({ productId: world.fridge.id, serial, serialNorm: identifierKey(serial) })
				.returning()
		)[0]!;
	const request = async (
		values: Partial<typeof schema.serviceRequests.$inferInsert> & {
			branchId: number;
			createdAt: Date;
		}
	) => {
		seq += 1;
		const branch = values.branchId === world.branchA.id ? world.branchA : world.branchB;
		const [row] = await db
			.insert(schema.serviceRequests)
			.values({
				jalaliYear: 1404,
				seq: 500_000 + seq,
				formNumber: formatFormNumber(branch.code, 1404, 500_000 + seq),
				channel: 'in_person',
				productId: world.fridge.id,
				status: 'awaiting_assignment',
				statusChangedAt: values.createdAt,
				updatedAt: values.createdAt,
				...values
			})
			.returning();
		return row!;
	};
	const order = async (
		values: Partial<typeof schema.serviceOrders.$inferInsert> & {
			requestId: number;
			technicianId: number;
			createdAt: Date;
			dueAt: Date;
		}
	) =>
		(
			await db
				.insert(schema.serviceOrders)
				.values({
					baseDocumentType: 'request',
					baseDocumentId: values.requestId,
					priorityId: world.priority.id,
					serviceTypeId: world.serviceType.id,
					serviceId: world.service.id,
					...values
				})
				.returning()
		)[0]!;

	const ali = await customer('علی کریمی', `+98912${String(Date.now()).slice(-7)}`);
	const maryam = await customer('مریم کاظمی', '+989351234567');
	const u1 = await unit('SN-7788-123456');
	const u2 = await unit('SN-7788-123457');
	const [warranty] = await db
		.insert(schema.warranties)
		.values({
			serial: 'W-5500-998877',
			serialNorm: 'W5500998877',
			typeId: world.warrantyType.id,
			unitId: u1.id,
			customerId: ali.id
		})
		.returning();
	const listNumber = formatListNumber(world.branchA.code, 1404, 7);
	const [list] = await db
		.insert(schema.requestLists)
		.values({ branchId: world.branchA.id, jalaliYear: 1404, seq: 7, listNumber, channel: 'phone' })
		.returning();

	const r1 = await request({
		branchId: world.branchA.id,
		counterId: world.counters[0]!.id,
		customerId: ali.id,
		delivererName: 'حسن رضایی',
		unitId: u1.id,
		warrantyId: warranty!.id,
		coverage: 'active',
		complaint: 'یخچال برفک می‌زند',
		status: 'awaiting_repair',
		createdAt: new Date('2026-01-10T08:00:00Z')
	});
	const r2 = await request({
		branchId: world.branchA.id,
		counterId: world.counters[1]!.id,
		channel: 'phone',
		customerId: maryam.id,
		delivererName: 'خود مشتری',
		unitId: u2.id,
		listId: list!.id,
		coverage: 'expired',
		complaint: 'صدای زیاد',
		status: 'awaiting_qc',
		replacementFlag: true,
		createdAt: new Date('2026-02-01T08:00:00Z')
	});
	const r3 = await request({
		branchId: world.branchB.id,
		channel: 'online',
		customerId: world.customer.id,
		complaint: 'روشن نمی‌شود',
		status: 'delivered',
		createdAt: new Date('2026-03-01T08:00:00Z')
	});
	const r4 = await request({
		branchId: world.branchA.id,
		channel: 'agent',
		agencyId: world.agency.id,
		complaint: 'کالای انبار نمایندگی',
		createdAt: new Date('2026-03-05T08:00:00Z')
	});
	const o1 = await order({
		requestId: r1.id,
		technicianId: world.actors.technician.user.id,
		status: 'in_progress',
		createdAt: new Date('2026-01-11T06:00:00Z'),
		dueAt: new Date('2026-01-12T06:00:00Z')
	});
	const o2 = await order({
		requestId: r2.id,
		technicianId: world.actors.technician2.user.id,
		status: 'open',
		createdAt: new Date('2026-02-02T06:00:00Z'),
		dueAt: new Date('2026-12-01T06:00:00Z')
	});
	const [w1] = await db
		.insert(schema.workLogs)
		.values({
			orderId: o1.id,
			requestId: r1.id,
			technicianId: world.actors.technician.user.id,
			durationMinutes: 90,
			description: 'تعویض کمپرسور و شارژ گاز',
			createdAt: new Date('2026-01-12T07:00:00Z')
		})
		.returning();
	await db.insert(schema.workLogParts).values({
		workLogId: w1!.id,
		productId: world.compressor.id,
		quantity: 1,
		newSerial: 'CMP-000111',
		removedSerial: 'CMP-OLD-9'
	});
	const [w2] = await db
		.insert(schema.workLogs)
		.values({
			orderId: o2.id,
			requestId: r2.id,
			technicianId: world.actors.technician2.user.id,
			durationMinutes: 30,
			description: 'بررسی صدا',
			createdAt: new Date('2026-02-03T07:00:00Z')
		})
		.returning();
	await db
		.insert(schema.workLogParts)
		.values({ workLogId: w2!.id, productId: world.thermostat.id, quantity: 1 });

	// Filler in branch A, before the fixed cases' dates; some share a timestamp and a name so
	// paging must break ties by id.
	const fillers: Request[] = [];
	const names = ['بهرام نادری', 'سارا امینی', 'سارا امینی', 'کامران ملکی'];
	for (let i = 0; i < 30; i++) {
		const who = await customer(
			names[i % names.length]!,
			`+98901${tag.charCodeAt(0) % 10}${String(100000 + seq * 40 + i).slice(-6)}`
		);
		fillers.push(
			await request({
				branchId: world.branchA.id,
				customerId: who.id,
				complaint: `ایراد شماره ${i}`,
				status: (['draft', 'awaiting_assignment', 'cancelled', 'delivered'] as const)[i % 4],
				createdAt: new Date(Date.UTC(2025, 5, 1 + Math.floor(i / 3), 8))
			})
		);
	}
	await refreshRequestFamilies(
		db,
		[r1, r2, r3, r4, ...fillers].map((r) => r.id)
	);
	return {
		world,
		now: new Date('2026-04-01T08:00:00Z'),
		r1,
		r2,
		r3,
		r4,
		o1,
		o2,
		w1: w1!,
		w2: w2!,
		listNumber,
		fillers
	};
}
