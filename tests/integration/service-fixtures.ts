// A small service centre for the service-path tests: two branches, counters, an agency, a
// fridge with a BOM, catalogue definitions, a warranty, and one user per role.
import { eq } from 'drizzle-orm';
import type { RoleKey } from '#lib/domain/permissions';
import { fromJalali, toJalali, addMonthsToJalaliDate } from '#lib/domain/jalali';
import { loadGrants, type Actor } from '#lib/server/auth/access';
import { getDb, schema } from '#lib/server/db';

const WEEK = {
	'0': [[480, 1020]],
	'1': [[480, 1020]],
	'2': [[480, 1020]],
	'3': [[480, 1020]],
	'4': [[480, 1020]],
	'5': [[480, 780]],
	'6': []
} as Record<string, [number, number][]>;

let counter = 0;
/** A suffix that keeps codes unique when a file builds more than one world. */
function tag(): string {
	counter += 1;
	return `${counter}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

export interface World {
	branchA: typeof schema.branches.$inferSelect;
	branchB: typeof schema.branches.$inferSelect;
	counters: (typeof schema.counters.$inferSelect)[];
	agency: typeof schema.agencies.$inferSelect;
	category: typeof schema.productCategories.$inferSelect;
	fridge: typeof schema.products.$inferSelect;
	compressor: typeof schema.products.$inferSelect;
	thermostat: typeof schema.products.$inferSelect;
	service: typeof schema.services.$inferSelect;
	workType: typeof schema.workTypes.$inferSelect;
	serviceType: typeof schema.serviceTypes.$inferSelect;
	priority: typeof schema.priorities.$inferSelect;
	warrantyType: typeof schema.warrantyTypes.$inferSelect;
	customer: typeof schema.customers.$inferSelect;
	actors: Record<
		| 'reception'
		| 'dispatcher'
		| 'technician'
		| 'technician2'
		| 'qc'
		| 'supervisor'
		| 'admin'
		| 'receptionB'
		| 'agent',
		Actor
	>;
	/** Registers a new fridge unit with a warranty running from `saleDaysAgo` days ago. */
	newWarrantedUnit(options?: { saleDaysAgo?: number; active?: boolean }): Promise<{
		unit: typeof schema.units.$inferSelect;
		warranty: typeof schema.warranties.$inferSelect;
	}>;
}

async function actorFor(
	username: string,
	role: RoleKey,
	branchId: number | null,
	agencyId: number | null = null
): Promise<Actor> {
	const db = await getDb();
	const [user] = await db
		.insert(schema.users)
		.values({ username, displayName: `کاربر ${username}`, branchId, agencyId })
		.returning();
	const [roleRow] = await db.select().from(schema.roles).where(eq(schema.roles.key, role));
	await db.insert(schema.userRoles).values({ userId: user!.id, roleId: roleRow!.id });
	return {
		user: user!,
		grants: await loadGrants(user!.id),
		sessionId: `test-${username}`,
		via: 'bearer'
	};
}

/** Builds the world; every call makes a fresh, independent one. */
export async function buildWorld(): Promise<World> {
	const db = await getDb();
	const t = tag();
	const [branchA, branchB] = await db
		.insert(schema.branches)
		.values([
			{ code: `TA${t}`, nameFa: 'شعبهٔ آزمایشی الف', nameEn: 'Test A', weeklyHours: WEEK },
			{ code: `TB${t}`, nameFa: 'شعبهٔ آزمایشی ب', nameEn: 'Test B', weeklyHours: WEEK }
		])
		.returning();
	const counters = await db
		.insert(schema.counters)
		.values([1, 2, 3].map((n) => ({ branchId: branchA!.id, code: String(n), name: `باجهٔ ${n}` })))
		.returning();
	const [agency] = await db
		.insert(schema.agencies)
		.values({ code: `AG${t}`, name: 'نمایندگی آزمایشی', branchId: branchA!.id })
		.returning();
	const [category] = await db
		.insert(schema.productCategories)
		.values({ code: `CAT${t}`, nameFa: 'یخچال', nameEn: 'Fridges' })
		.returning();
	const [fridge, compressor, thermostat] = await db
		.insert(schema.products)
		.values([
			{
				code: `RF${t}`,
				nameFa: 'یخچال فریزر ساید',
				nameEn: 'Side-by-side fridge',
				categoryId: category!.id,
				priceRials: 500_000_000n
			},
			{
				code: `CMP${t}`,
				nameFa: 'کمپرسور',
				nameEn: 'Compressor',
				isPart: true,
				serialised: true,
				priceRials: 90_000_000n
			},
			{
				code: `TH${t}`,
				nameFa: 'ترموستات',
				nameEn: 'Thermostat',
				isPart: true,
				priceRials: 4_000_000n
			}
		])
		.returning();
	await db
		.insert(schema.bomLines)
		.values({ productId: fridge!.id, partId: compressor!.id, quantity: 1 });
	const [service] = await db
		.insert(schema.services)
		.values({
			code: `SV${t}`,
			nameFa: 'تعویض کمپرسور',
			nameEn: 'Compressor replacement',
			labourRials: 15_000_000n
		})
		.returning();
	const [workType] = await db
		.insert(schema.workTypes)
		.values({ code: `WT${t}`, nameFa: 'کارگاهی', nameEn: 'Workshop' })
		.returning();
	const [serviceType] = await db
		.insert(schema.serviceTypes)
		.values({ code: `ST${t}`, nameFa: 'گارانتی', nameEn: 'Warranty', chargeable: false })
		.returning();
	const [priority] = await db
		.insert(schema.priorities)
		.values({
			code: `PR${t}`,
			nameFa: 'عادی',
			nameEn: 'Normal',
			slaResponseMinutes: 60,
			slaResolutionMinutes: 960
		})
		.returning();
	const [warrantyType] = await db
		.insert(schema.warrantyTypes)
		.values({
			code: `W18${t}`,
			nameFa: 'گارانتی ۱۸ ماهه',
			nameEn: '18-month warranty',
			months: 18,
			startRule: 'sale',
			coverage: 'both'
		})
		.returning();
	const [customer] = await db
		.insert(schema.customers)
		.values({
			name: 'رضا محمدی',
			nameNorm: 'رضا محمدی',
			mobile: `+98912${String(counter % 100).padStart(2, '0')}${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`
		})
		.returning();
	const u = t.toLowerCase();
	const actors = {
		reception: await actorFor(`rec${u}`, 'reception', branchA!.id),
		dispatcher: await actorFor(`dis${u}`, 'dispatcher', branchA!.id),
		technician: await actorFor(`tec${u}`, 'technician', branchA!.id),
		technician2: await actorFor(`te2${u}`, 'technician', branchA!.id),
		qc: await actorFor(`qc${u}`, 'qc', branchA!.id),
		supervisor: await actorFor(`sup${u}`, 'supervisor', null),
		admin: await actorFor(`adm${u}`, 'admin', null),
		receptionB: await actorFor(`reb${u}`, 'reception', branchB!.id),
		agent: await actorFor(`agt${u}`, 'agent', branchA!.id, agency!.id)
	};
	let serial = 0;
	return {
		branchA: branchA!,
		branchB: branchB!,
		counters,
		agency: agency!,
		category: category!,
		fridge: fridge!,
		compressor: compressor!,
		thermostat: thermostat!,
		service: service!,
		workType: workType!,
		serviceType: serviceType!,
		priority: priority!,
		warrantyType: warrantyType!,
		customer: customer!,
		actors,
		async newWarrantedUnit(options = {}) {
			serial += 1;
			const saleDate = new Date(Date.now() - (options.saleDaysAgo ?? 30) * 86_400_000);
			const start = toJalali(saleDate);
			const endDay = addMonthsToJalaliDate(start, 18);
			const [unit] = await db
				.insert(schema.units)
				.values({
					productId: fridge!.id,
					serial: `SN-${t}-${serial}`,
					serialNorm: `SN${t}${serial}`,
					saleDate,
					ownerId: customer!.id
				})
				.returning();
			const [warranty] = await db
				.insert(schema.warranties)
				.values({
					serial: `W-${t}-${serial}`,
					serialNorm: `W${t}${serial}`,
					typeId: warrantyType!.id,
					unitId: unit!.id,
					customerId: customer!.id,
					saleDate,
					startsOn: fromJalali(start.jy, start.jm, start.jd),
					endsOn: fromJalali(endDay.jy, endDay.jm, endDay.jd),
					graceEndsOn: fromJalali(endDay.jy, endDay.jm, endDay.jd),
					active: options.active ?? true
				})
				.returning();
			return { unit: unit!, warranty: warranty! };
		}
	};
}

/** Every history row of an entity, oldest first. */
export async function historyOf(entityType: string, entityId: number) {
	const db = await getDb();
	return db
		.select()
		.from(schema.history)
		.where(eq(schema.history.entityId, String(entityId)))
		.then((rows) => rows.filter((r) => r.entityType === entityType).sort((a, b) => a.id - b.id));
}

/** Every outbox event of an aggregate, oldest first. */
export async function eventsOf(aggregateType: string, aggregateId: number) {
	const db = await getDb();
	return db
		.select()
		.from(schema.outbox)
		.where(eq(schema.outbox.aggregateId, String(aggregateId)))
		.then((rows) =>
			rows.filter((r) => r.aggregateType === aggregateType).sort((a, b) => a.id - b.id)
		);
}
