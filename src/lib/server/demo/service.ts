/**
 * Demo service path: a few hundred requests received over the last ~60 days at both branches,
 * in every status of the lifecycle, with orders to the demo technicians, estimates, work logs
 * with parts, QC reviews (some rejected), deliveries, replacements, cancellations and two bulk
 * lists from the agencies.
 *
 * Every step goes through the service functions themselves (with the demo's clock), so the data
 * obeys the lifecycle table, numbering, history and events exactly as real use would; only the
 * history rows' timestamps are moved back to the moment each step pretends to happen.
 */
import { and, asc, eq, gt, inArray, max, sql } from 'drizzle-orm';
import { startOfTehranDay } from '#lib/domain/jalali';
import type { StatusKey } from '#lib/domain/lifecycle';
import { tehranWeekday } from '#lib/domain/working-time';
import { loadGrants, type Actor } from '../auth/access';
import type { Tx } from '../db';
import {
	agencies,
	bomLines,
	branches,
	counters,
	customers,
	history,
	priorities,
	productCategories,
	products,
	replacementRules,
	serviceRequests,
	serviceTypes,
	services,
	units,
	users,
	workTypes,
	type Channel
} from '../db/schema';
import { receiveBulkListInTx } from '../service/bulk';
import {
	cancelRequestInTx,
	deliverInTx,
	markSortedInTx,
	replaceUnitInTx,
	returnUnrepairedInTx
} from '../service/closing';
import type { ServiceContext } from '../service/context';
import {
	declareEstimateInTx,
	declareNoCostInTx,
	recordCustomerAnswerInTx
} from '../service/estimates';
import { issueOrderInTx, reassignOrderInTx } from '../service/orders';
import { receiveInTx } from '../service/reception';
import { logWorkInTx, qcReviewInTx, startRepairInTx } from '../service/work';

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same story. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

type Family = 'RF' | 'WM' | 'TV' | 'AC' | 'VC';

const COMPLAINTS: Record<Family, string[]> = {
	RF: [
		'یخچال برفک می‌زند',
		'یخچال خنک نمی‌کند ولی موتور کار می‌کند',
		'فریزر یخ نمی‌زند',
		'صدای زیاد از پشت یخچال',
		'آب زیر یخچال جمع می‌شود',
		'نمایشگر دما خطای E5 می‌دهد'
	],
	WM: [
		'لباسشویی آب را تخلیه نمی‌کند',
		'لباسشویی هنگام آبگیری به‌شدت می‌لرزد',
		'درب لباسشویی باز نمی‌شود',
		'لباسشویی آب گرم نمی‌کند',
		'از زیر دستگاه آب نشت می‌کند',
		'دستگاه وسط برنامه خاموش می‌شود'
	],
	TV: [
		'تلویزیون تصویر ندارد ولی صدا دارد',
		'تلویزیون روشن نمی‌شود و چراغ آماده‌به‌کار چشمک می‌زند',
		'خطوط عمودی روی صفحه',
		'ریموت کار نمی‌کند و دکمه‌ها جواب نمی‌دهند',
		'صفحه پس از چند دقیقه تاریک می‌شود'
	],
	AC: [
		'کولر باد گرم می‌زند',
		'از یونیت داخلی آب می‌چکد',
		'کمپرسور روشن نمی‌شود',
		'کولر صدای تق‌تق می‌دهد',
		'خطای E1 روی نمایشگر'
	],
	VC: [
		'جاروبرقی مکش ندارد',
		'جاروبرقی بوی سوختگی می‌دهد',
		'باتری جاروی رباتیک شارژ نگه نمی‌دارد',
		'جارو روشن نمی‌شود'
	]
};

const ACCESSORIES: Record<Family, string[]> = {
	RF: ['بدون لوازم', 'سینی یخ و طبقات', 'دفترچهٔ راهنما'],
	WM: ['شیلنگ آب و شیلنگ تخلیه', 'بدون لوازم', 'پیچ‌های حمل'],
	TV: ['ریموت کنترل و پایه', 'کابل برق و ریموت', 'بدون لوازم'],
	AC: ['ریموت کنترل', 'بدون لوازم'],
	VC: ['شلنگ و سری‌ها', 'شارژر و داک', 'بدون لوازم']
};

const CONDITIONS = [
	'سالم، بدون ضربه',
	'خط‌وخش جزئی روی بدنه',
	'فرورفتگی کوچک کنار درب',
	'کارتن اصلی همراه است',
	'بدنه کمی کثیف'
];

const DELIVERERS = [
	'علی رضایی',
	'مریم احمدی',
	'حسن کریمی (پیک)',
	'زهرا موسوی',
	'محمد جعفری',
	'سارا قاسمی',
	'رضا نوری',
	'فاطمه صادقی',
	'کاوه بهرامی',
	'خود مشتری'
];

const WORK_DONE = [
	'عیب‌یابی کامل، تعویض قطعهٔ معیوب و تست عملکرد به مدت یک ساعت',
	'باز کردن دستگاه، تعویض قطعه و کالیبره کردن',
	'تعویض قطعه، تمیزکاری و آزمایش نهایی',
	'لحیم‌کاری مجدد اتصالات و تست بار',
	'رفع نشتی، شارژ گاز و اندازه‌گیری فشار'
];

const QC_REJECT_REASONS = [
	'صدای غیرعادی هنوز وجود دارد',
	'نشتی گاز به‌طور کامل رفع نشده است',
	'پیچ‌های قاب پشتی بسته نشده است',
	'تست عملکرد کمتر از زمان استاندارد انجام شده است'
];

const CANCEL_REASONS = [
	'انصراف مشتری از تعمیر',
	'کالا متعلق به شرکت دیگری است',
	'ثبت تکراری درخواست',
	'مشتری کالا را بدون تعمیر تحویل گرفت'
];

// How often each final status is aimed at; every status appears. Younger requests are held back
// from late statuses by the timing, so the board looks like a real working week.
const TARGETS: [StatusKey, number][] = [
	['draft', 4],
	['awaiting_assignment', 8],
	['awaiting_cost', 8],
	['no_cost_declared', 5],
	['cost_approved', 5],
	['cost_rejected', 4],
	['awaiting_repair', 9],
	['awaiting_qc', 8],
	['returned_from_qc', 5],
	['awaiting_sorting', 4],
	['ready_for_delivery', 8],
	['delivered', 36],
	['replaced', 4],
	['cancelled', 5]
];

// Minimum number of steps a status needs; a young request cannot have gone far yet.
const DEPTH: Record<StatusKey, number> = {
	draft: 1,
	awaiting_assignment: 1,
	awaiting_cost: 2,
	no_cost_declared: 3,
	cost_approved: 4,
	cost_rejected: 4,
	awaiting_repair: 4,
	awaiting_qc: 5,
	returned_from_qc: 6,
	awaiting_sorting: 6,
	ready_for_delivery: 6,
	delivered: 7,
	replaced: 4,
	cancelled: 2
};

const SINGLE_REQUESTS = 260;
const DAYS = 60;
const HOUR = 3_600_000;

interface Staff {
	reception: Actor[];
	dispatcher: Actor;
	technicians: Actor[];
	qc: Actor;
	supervisor: Actor;
	agent: Actor | null;
}

interface Unit {
	id: number;
	serial: string;
	productId: number;
	ownerId: number | null;
	warrantySerial: string | null;
}

/**
 * Runs one step with the demo's clock, then stamps the history rows it wrote with that moment
 * (rows are found by id: everything above the last id already stamped).
 */
function stamper(tx: Tx, firstId: number) {
	let mark = firstId;
	return async <T>(
		actor: Actor,
		when: Date,
		body: (ctx: ServiceContext) => Promise<T>
	): Promise<T> => {
		const result = await body({ tx, actor, now: when });
		const stamped = await tx
			.update(history)
			.set({ createdAt: when })
			.where(gt(history.id, mark))
			.returning({ id: history.id });
		for (const row of stamped) mark = Math.max(mark, row.id);
		return result;
	};
}

async function actorOf(tx: Tx, username: string): Promise<Actor | null> {
	const [user] = await tx.select().from(users).where(eq(users.username, username));
	if (!user) return null;
	return { user, grants: await loadGrants(user.id, tx), sessionId: 'demo', via: 'cookie' };
}

async function staffOf(
	tx: Tx,
	names: {
		reception: string[];
		dispatcher: string;
		technicians: string[];
		qc: string;
		supervisor: string;
		agent: string;
	}
): Promise<Staff | null> {
	const reception = (await Promise.all(names.reception.map((n) => actorOf(tx, n)))).filter(
		(a): a is Actor => a !== null
	);
	const technicians = (await Promise.all(names.technicians.map((n) => actorOf(tx, n)))).filter(
		(a): a is Actor => a !== null
	);
	const dispatcher = await actorOf(tx, names.dispatcher);
	const qc = await actorOf(tx, names.qc);
	const supervisor = await actorOf(tx, names.supervisor);
	if (!reception.length || technicians.length < 2 || !dispatcher || !qc || !supervisor) return null;
	return {
		reception,
		technicians,
		dispatcher,
		qc,
		supervisor,
		agent: await actorOf(tx, names.agent)
	};
}

/** Adds the demo service path; skipped when any request exists or the demo staff and catalogue are missing. */
export async function seedServiceDemo(
	tx: Tx,
	options: { clock?: Date; requests?: number } = {}
): Promise<{ requests: number; lists: number }> {
	const clock = options.clock ?? new Date();
	const singleRequests = options.requests ?? SINGLE_REQUESTS;
	const none = { requests: 0, lists: 0 };
	const existing = await tx.select({ id: serviceRequests.id }).from(serviceRequests).limit(1);
	if (existing.length) return none;
	const branchRows = await tx
		.select()
		.from(branches)
		.where(inArray(branches.code, ['THR-01', 'ISF-01']));
	const tehran = branchRows.find((b) => b.code === 'THR-01');
	const isfahan = branchRows.find((b) => b.code === 'ISF-01');
	const priorityRows = await tx
		.select()
		.from(priorities)
		.where(eq(priorities.active, true))
		.orderBy(asc(priorities.sortOrder));
	const productRows = await tx
		.select()
		.from(products)
		.where(and(eq(products.isPart, false), eq(products.serviceable, true)));
	if (!tehran || !isfahan || !priorityRows.length || !productRows.length) return none;
	const staff = new Map<number, Staff>();
	const thr = await staffOf(tx, {
		reception: ['z.hosseini', 'n.jafari'],
		dispatcher: 'h.ahmadi',
		technicians: ['r.sadeghi', 'm.nazari', 'k.bagheri', 'e.mohammadi'],
		qc: 's.kazemi',
		supervisor: 'm.rahimi',
		agent: 'agent.parsian'
	});
	const isf = await staffOf(tx, {
		reception: ['s.moradi'],
		dispatcher: 'f.ghasemi',
		technicians: ['j.rostami', 'p.soltani'],
		qc: 'b.yousefi',
		supervisor: 'a.karimi',
		agent: 'agent.zayandeh'
	});
	if (!thr || !isf) return none;
	staff.set(tehran.id, thr);
	staff.set(isfahan.id, isf);

	const [last] = await tx.select({ id: max(history.id) }).from(history);
	const at = stamper(tx, last?.id ?? 0);
	const rand = random(4);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
	const chance = (p: number) => rand() < p;

	const serviceRows = await tx.select().from(services).where(eq(services.active, true));
	const workTypeRows = await tx.select().from(workTypes).where(eq(workTypes.active, true));
	const serviceTypeRows = await tx.select().from(serviceTypes).where(eq(serviceTypes.active, true));
	const counterRows = await tx.select().from(counters).where(eq(counters.active, true));
	const customerIds = (await tx.select({ id: customers.id }).from(customers)).map((c) => c.id);
	const agencyRows = await tx.select().from(agencies).where(eq(agencies.active, true));
	const productById = new Map(productRows.map((p) => [p.id, p]));
	const familyOf = (productId: number): Family =>
		(productById.get(productId)?.code.slice(0, 2) ?? 'RF') as Family;
	const bom = await tx
		.select({
			productId: bomLines.productId,
			partId: bomLines.partId,
			price: products.priceRials,
			serialised: products.serialised,
			code: products.code
		})
		.from(bomLines)
		.innerJoin(products, eq(products.id, bomLines.partId));

	// Replacement thresholds: big appliances after two warranty repairs in a year, or a repair
	// estimated at 60% of the price; TVs at 50% (a panel costs most of a set).
	const categories = await tx
		.select()
		.from(productCategories)
		.where(inArray(productCategories.code, ['RF', 'WM', 'AC', 'TV']));
	if (categories.length) {
		await tx
			.insert(replacementRules)
			.values(
				categories.map((c) => ({
					categoryId: c.id,
					windowMonths: 12,
					maxWarrantyRepairs: 2,
					maxCostPercent: c.code === 'TV' ? 50 : 60
				}))
			)
			.onConflictDoNothing();
	}

	const unitRows: Unit[] = await tx
		.select({
			id: units.id,
			serial: units.serial,
			productId: units.productId,
			ownerId: units.ownerId,
			// Written with explicit aliases: drizzle leaves single-table columns unqualified, which
			// would make `unit.id` inside this correlated subquery resolve to `warranty.id`.
			warrantySerial: sql<
				string | null
			>`(select w.serial from warranty w where w.unit_id = ${units}.id and w.active order by w.id desc limit 1)`
		})
		.from(units)
		.where(
			inArray(
				units.productId,
				productRows.map((p) => p.id)
			)
		)
		.orderBy(asc(units.id));
	if (!unitRows.length || !customerIds.length) return none;
	const freeUnits = [...unitRows];
	const takeUnit = (): Unit | null =>
		freeUnits.length ? freeUnits.splice(Math.floor(rand() * freeUnits.length), 1)[0]! : null;

	/** A working moment `daysAgo` days back (never a Friday), between 08:30 and 16:00 Tehran time. */
	const workingMoment = (daysAgo: number): Date => {
		let day = new Date(clock.getTime() - daysAgo * 24 * HOUR);
		while (tehranWeekday(day) === 6) day = new Date(day.getTime() - 24 * HOUR);
		const start = startOfTehranDay(day).getTime() + 8.5 * HOUR + rand() * 7.5 * HOUR;
		return new Date(Math.min(start, clock.getTime() - 2 * HOUR));
	};

	const totalWeight = TARGETS.reduce((s, [, w]) => s + w, 0);
	const chooseTarget = (ageDays: number): StatusKey => {
		for (let attempt = 0; attempt < 20; attempt++) {
			let r = rand() * totalWeight;
			for (const [status, weight] of TARGETS) {
				r -= weight;
				if (r > 0) continue;
				// A request from this morning has not been through seven hands yet.
				if (DEPTH[status] > 2 + ageDays * 2) break;
				return status;
			}
		}
		return 'awaiting_assignment';
	};

	let requestCount = 0;

	/** Takes one request from reception to `target`, each step a little later than the last. */
	async function drive(
		requestId: number,
		branchId: number,
		receivedAt: Date,
		target: StatusKey,
		inList: boolean
	): Promise<void> {
		const team = staff.get(branchId)!;
		const end = Math.min(
			clock.getTime() - 5 * 60_000,
			receivedAt.getTime() + (3 + rand() * 10) * 24 * HOUR
		);
		const steps = DEPTH[target] + 2;
		let step = 0;
		const next = () =>
			new Date(receivedAt.getTime() + ((end - receivedAt.getTime()) * ++step) / steps);
		if (target === 'draft' || target === 'awaiting_assignment') return;
		if (target === 'cancelled' && chance(0.5)) {
			await at(team.supervisor, next(), (ctx) =>
				cancelRequestInTx(ctx, requestId, { reason: pick(CANCEL_REASONS) })
			);
			return;
		}
		const [request] = await tx
			.select()
			.from(serviceRequests)
			.where(eq(serviceRequests.id, requestId));
		let technician = pick(team.technicians);
		const priority = chance(0.7) ? priorityRows[0]! : pick(priorityRows);
		let order = await at(team.dispatcher, next(), (ctx) =>
			issueOrderInTx(ctx, {
				requestId,
				technicianId: technician.user.id,
				priorityId: priority.id,
				serviceId: serviceRows.length ? pick(serviceRows).id : undefined,
				workTypeId: workTypeRows.length ? workTypeRows[0]!.id : undefined,
				serviceTypeId: serviceTypeRows.length
					? serviceTypeRows[
							request!.coverage === 'active' ? 0 : Math.min(1, serviceTypeRows.length - 1)
						]!.id
					: undefined
			})
		);
		if (chance(0.08)) {
			const other = team.technicians.find((t) => t.user.id !== technician.user.id)!;
			order = await at(team.dispatcher, next(), (ctx) =>
				reassignOrderInTx(ctx, order.id, {
					technicianId: other.user.id,
					reason: 'تقسیم بار کاری',
					version: order.version
				})
			);
			technician = other;
		}
		if (target === 'awaiting_cost') {
			if (chance(0.5)) await estimate(requestId, technician, next(), request!.productId);
			return;
		}
		if (target === 'cancelled') {
			await at(team.supervisor, next(), (ctx) =>
				cancelRequestInTx(ctx, requestId, { reason: pick(CANCEL_REASONS) })
			);
			return;
		}
		const covered = request!.coverage === 'active' || request!.coverage === 'grace';
		const free =
			target === 'no_cost_declared' ||
			(target !== 'cost_approved' && target !== 'cost_rejected' && covered && chance(0.75));
		if (free) {
			await at(technician, next(), (ctx) => declareNoCostInTx(ctx, requestId, 'تحت پوشش گارانتی'));
			if (target === 'no_cost_declared') return;
		} else {
			const declared = await estimate(requestId, technician, next(), request!.productId);
			const rejects =
				target === 'cost_rejected' || (target === 'ready_for_delivery' && chance(0.15));
			await at(pick(team.reception), next(), (ctx) =>
				recordCustomerAnswerInTx(ctx, declared.id, {
					decision: rejects ? 'reject' : 'approve',
					via: chance(0.3) ? 'sms' : 'staff'
				})
			);
			if (target === 'cost_approved' || target === 'cost_rejected') return;
			if (rejects) {
				await at(pick(team.reception), next(), (ctx) => returnUnrepairedInTx(ctx, requestId));
				return;
			}
		}
		if (target === 'replaced') {
			const [unit] = request!.unitId
				? await tx.select().from(units).where(eq(units.id, request!.unitId))
				: [];
			if (unit) {
				await at(team.supervisor, next(), (ctx) =>
					replaceUnitInTx(ctx, requestId, {
						newSerial: `${unit.serial}-R`,
						reason: 'قطعهٔ اصلی در بازار موجود نیست؛ کالا تعویض شد'
					})
				);
				return;
			}
		}
		await at(technician, next(), (ctx) => startRepairInTx(ctx, requestId));
		if (target === 'awaiting_repair' || target === 'replaced') return;
		let log = await at(technician, next(), (ctx) =>
			logWork(ctx, requestId, order.id, request!.productId, false)
		);
		if (target === 'awaiting_qc') return;
		const rejectFirst = target === 'returned_from_qc' || chance(0.18);
		if (rejectFirst) {
			await at(team.qc, next(), (ctx) =>
				qcReviewInTx(ctx, log.id, {
					decision: 'reject',
					reason: pick(QC_REJECT_REASONS),
					score: 30 + Math.floor(rand() * 30)
				})
			);
			if (target === 'returned_from_qc') return;
			log = await at(technician, next(), (ctx) =>
				logWork(ctx, requestId, order.id, request!.productId, true)
			);
		}
		await at(team.qc, next(), (ctx) =>
			qcReviewInTx(ctx, log.id, { decision: 'approve', score: 70 + Math.floor(rand() * 31) })
		);
		if (target === 'awaiting_sorting') return;
		if (inList || request!.needsSorting)
			await at(pick(team.reception), next(), (ctx) => markSortedInTx(ctx, requestId));
		if (target === 'ready_for_delivery') return;
		await at(pick(team.reception), next(), (ctx) =>
			deliverInTx(ctx, requestId, {
				receivedByName: pick(DELIVERERS),
				oneTimeCodeVerified: chance(0.4)
			})
		);
	}

	async function estimate(requestId: number, technician: Actor, when: Date, productId: number) {
		const parts = bom.filter((b) => b.productId === productId);
		const lines = [
			...(parts.length
				? [{ kind: 'part' as const, productId: pick(parts).partId, quantity: 1 }]
				: []),
			...(serviceRows.length
				? [{ kind: 'service' as const, serviceId: pick(serviceRows).id, quantity: 1 }]
				: []),
			{
				kind: 'labour' as const,
				description: 'ایاب و ذهاب و دستمزد',
				quantity: 1,
				unitPriceRials: BigInt(2 + Math.floor(rand() * 6)) * 1_000_000n
			}
		];
		return at(technician, when, (ctx) => declareEstimateInTx(ctx, { requestId, lines }));
	}

	async function logWork(
		ctx: ServiceContext,
		requestId: number,
		orderId: number,
		productId: number,
		rework: boolean
	) {
		const parts = bom.filter((b) => b.productId === productId);
		const used = rework || !parts.length ? [] : [pick(parts)];
		const startedAt = new Date(ctx.now.getTime() - (30 + Math.floor(rand() * 150)) * 60_000);
		return logWorkInTx(ctx, {
			orderId,
			startedAt,
			endedAt: ctx.now,
			description: rework ? 'رفع ایراد اعلام‌شده توسط کنترل کیفیت و تست مجدد' : pick(WORK_DONE),
			parts: used.map((p) => ({
				productId: p.partId,
				quantity: 1,
				newSerial: p.serialised ? `${p.code.slice(3)}-${Math.floor(rand() * 1e6)}` : '',
				removedSerial: p.serialised ? `OLD-${Math.floor(rand() * 1e6)}` : ''
			}))
		});
	}

	// Single receptions, oldest first so numbers rise with time as they would.
	// The first plans visit every status once per branch (old enough to have got there), so the
	// board shows all fourteen whatever the dice say; the rest follow the weights.
	const plans = Array.from({ length: singleRequests }, (_, i) => {
		const forced = i < TARGETS.length * 2 ? TARGETS[i % TARGETS.length]![0] : null;
		const ageDays = forced ? 12 + rand() * (DAYS - 14) : rand() * DAYS;
		return {
			ageDays,
			forced,
			branch: forced ? (i < TARGETS.length ? tehran : isfahan) : chance(0.68) ? tehran : isfahan
		};
	}).sort((a, b) => b.ageDays - a.ageDays);
	const repeatUnits: { unit: Unit; freeAfter: number }[] = [];
	for (const plan of plans) {
		const team = staff.get(plan.branch.id)!;
		const receivedAt = workingMoment(plan.ageDays);
		const target = plan.forced ?? chooseTarget(plan.ageDays);
		// A few units come back: the second visit after the first was delivered.
		const back = repeatUnits.findIndex((r) => r.freeAfter < receivedAt.getTime());
		const unit =
			target !== 'draft' && back >= 0 && chance(0.3)
				? repeatUnits.splice(back, 1)[0]!.unit
				: takeUnit();
		const family = unit ? familyOf(unit.productId) : 'RF';
		const byCode = !unit || (target !== 'replaced' && chance(0.06));
		const product = unit ? productById.get(unit.productId)! : pick(productRows);
		const counter = counterRows.filter((c) => c.branchId === plan.branch.id);
		const channel: Channel = pick([
			'in_person',
			'in_person',
			'in_person',
			'phone',
			'online',
			'telegram'
		]);
		const byWarranty = !byCode && unit!.warrantySerial !== null && chance(0.8);
		const input = {
			by: byCode
				? ('product_code' as const)
				: byWarranty
					? ('warranty_serial' as const)
					: ('product_serial' as const),
			key: byCode ? product.code : byWarranty ? unit!.warrantySerial! : unit!.serial,
			counterId: counter.length ? pick(counter).id : undefined,
			channel,
			customerId: byCode || !unit?.ownerId ? pick(customerIds) : undefined,
			delivererName: pick(DELIVERERS),
			complaint: pick(COMPLAINTS[byCode ? familyOf(product.id) : family]),
			accessories: pick(ACCESSORIES[byCode ? familyOf(product.id) : family]),
			condition: pick(CONDITIONS),
			expectedAt: new Date(receivedAt.getTime() + 7 * 24 * HOUR),
			// Single requests reach awaiting_sorting only when flagged for sorting at reception.
			needsSorting: target === 'awaiting_sorting' || chance(0.04),
			submit: target !== 'draft'
		};
		const reception = pick(team.reception);
		const request = await at(reception, receivedAt, (ctx) =>
			receiveInTx(ctx, { ...input, branchId: undefined })
		);
		requestCount++;
		await drive(
			request.id,
			plan.branch.id,
			receivedAt,
			byCode && target === 'replaced' ? 'delivered' : target,
			false
		);
		// Delivered within at most two weeks (see drive), so the unit may come back after that.
		if (unit && !byCode && target === 'delivered' && repeatUnits.length < 12 && chance(0.3)) {
			repeatUnits.push({ unit, freeAfter: receivedAt.getTime() + 14 * 24 * HOUR });
		}
	}

	// Two bulk lists sent in by the agencies, a few weeks ago, now at various stages.
	let lists = 0;
	for (const [branch, daysAgo] of [
		[tehran, 34],
		[isfahan, 21]
	] as const) {
		const team = staff.get(branch.id)!;
		const agency = agencyRows.find((a) => a.branchId === branch.id);
		if (!team.agent || !agency) continue;
		const lines: { serial: string; complaint: string }[] = [];
		for (let i = 0; i < 8; i++) {
			const unit = takeUnit();
			if (!unit) break;
			lines.push({
				serial: unit.warrantySerial ?? unit.serial,
				complaint: pick(COMPLAINTS[familyOf(unit.productId)])
			});
		}
		if (!lines.length) continue;
		const receivedAt = workingMoment(daysAgo);
		const { requests } = await at(team.agent, receivedAt, (ctx) =>
			receiveBulkListInTx(ctx, {
				delivererName: `پیک ${agency.name}`,
				accessories: 'بدون لوازم',
				condition: 'بسته‌بندی نمایندگی',
				lines
			})
		);
		lists++;
		const listTargets: StatusKey[] = [
			'delivered',
			'delivered',
			'ready_for_delivery',
			'awaiting_sorting',
			'awaiting_sorting',
			'awaiting_qc',
			'awaiting_repair',
			'cost_rejected'
		];
		for (const [i, request] of requests.entries()) {
			requestCount++;
			await drive(request.id, branch.id, receivedAt, listTargets[i % listTargets.length]!, true);
		}
	}
	return { requests: requestCount, lists };
}
