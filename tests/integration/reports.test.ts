// Every report's figures against hand-computed results on a small fixed dataset: six requests in
// branch A (Sat–Wed 08:00–17:00, Thu 08:00–13:00, Friday closed), across Nowruz 1405 (1–4
// Farvardin, national holidays) and a branch holiday on 12 Farvardin, run through the real
// service path with backdated clocks.
import type { RequestEvent } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '#lib/server/auth/access';
import { getDb, schema } from '#lib/server/db';
import {
	ensureReportFacts,
	rebuildAllReportFacts,
	rebuildReportRollups
} from '#lib/server/reports/facts';
import { reportCsv, reportXlsx } from '#lib/server/reports/export';
import { runReport, type ReportResult } from '#lib/server/reports/index';
import { searchParsed } from '#lib/server/search/index';
import { parseLenient, type SearchKind } from '#lib/server/search/params';
import { actOnTicket, callNext, issueTicket } from '#lib/server/queue/tickets';
import { deliver, replaceUnit } from '#lib/server/service/closing';
import { declareNoCost } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import * as statusRoute from '../../src/routes/api/v1/reports/status/+server';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let supervisor: Actor;
const at = (local: string) => new Date(`${local}+03:30`);
// The reports are read "now" = Wednesday 1405/01/19 12:00 Tehran.
const NOW = at('2026-04-08T12:00:00');
const PERIOD = { from: '1404/12/01', to: '1405/01/31' };
const ids: Record<string, number> = {};
let t1: number;
let t2: number;

function table(report: ReportResult, id: string) {
	const found = report.tables.find((t) => t.id === id);
	if (!found) throw new Error(`no table ${id}`);
	return found;
}
function rowOf(report: ReportResult, id: string, column: string, value: string) {
	const row = table(report, id).rows.find((r) => String(r.cells[column]).startsWith(value));
	if (!row) throw new Error(`no row ${value} in ${id}`);
	return row.cells;
}
async function searchCount(link: string, actor: Actor = supervisor): Promise<number> {
	const url = new URL(link, 'http://x');
	const kind = url.pathname.split('/')[2] as SearchKind;
	const { params, invalid } = parseLenient(kind, url.searchParams);
	expect(invalid).toEqual([]);
	const result = await searchParsed(actor, kind, { ...params, limit: 200 });
	return result.total ?? result.items.length;
}

async function issue(requestId: number, technician: Actor, when: Date) {
	return issueOrder(
		world.actors.dispatcher,
		{
			requestId,
			technicianId: technician.user.id,
			priorityId: world.priority.id,
			serviceId: world.service.id,
			workTypeId: world.workType.id,
			serviceTypeId: world.serviceType.id
		},
		when
	);
}

/** Reception → order → no-cost → repair → work → QC (reject first when asked) → delivery. */
async function repair(
	key: string,
	options: {
		warrantySerial: string;
		technician: Actor;
		received: string;
		ordered: string;
		logged: string;
		parts?: { productId: number; quantity: number }[];
		reject?: { at: string; score: number; rework: string };
		approved: string;
		score: number;
		delivered: string;
	}
) {
	const request = await receiveRequest(
		world.actors.reception,
		{
			by: 'warranty_serial',
			key: options.warrantySerial,
			counterId: world.counters[0]!.id,
			delivererName: 'حسین احمدی',
			complaint: 'یخچال خنک نمی‌کند'
		},
		at(options.received)
	);
	ids[key] = request.id;
	const order = await issue(request.id, options.technician, at(options.ordered));
	await declareNoCost(options.technician, request.id, {}, at(options.ordered));
	await startRepair(options.technician, request.id, {}, at(options.ordered));
	const log = await logWork(
		options.technician,
		{
			orderId: order.id,
			durationMinutes: 60,
			description: 'تعمیر انجام شد',
			parts: options.parts ?? []
		},
		at(options.logged)
	);
	let reviewed = log;
	if (options.reject) {
		await qcReview(
			world.actors.qc,
			log.id,
			{ decision: 'reject', reason: 'نشتی دارد', score: options.reject.score },
			at(options.reject.at)
		);
		reviewed = await logWork(
			options.technician,
			{ requestId: request.id, durationMinutes: 30, description: 'دوباره‌کاری' },
			at(options.reject.rework)
		);
	}
	await qcReview(
		world.actors.qc,
		reviewed.id,
		{ decision: 'approve', score: options.score },
		at(options.approved)
	);
	await deliver(
		world.actors.reception,
		request.id,
		{ receivedByName: 'رضا محمدی', oneTimeCodeVerified: true },
		at(options.delivered)
	);
}

beforeAll(async () => {
	world = await buildWorld();
	supervisor = world.actors.supervisor;
	t1 = world.actors.technician.user.id;
	t2 = world.actors.technician2.user.id;
	const db = await getDb();
	// Nowruz 1405 nationwide, and 12 Farvardin for branch A only.
	await db.insert(schema.branchHolidays).values([
		{ date: '2026-03-21', title: 'نوروز' },
		{ date: '2026-03-22', title: 'نوروز' },
		{ date: '2026-03-23', title: 'نوروز' },
		{ date: '2026-03-24', title: 'نوروز' },
		{ branchId: world.branchA.id, date: '2026-04-01', title: 'روز جمهوری اسلامی' }
	]);
	const unitA = await world.newWarrantedUnit({ saleDaysAgo: 400 });
	const unitB = await world.newWarrantedUnit({ saleDaysAgo: 400 });
	const unitC = await world.newWarrantedUnit({ saleDaysAgo: 400 });
	const unitD = await world.newWarrantedUnit({ saleDaysAgo: 400 });
	const unitE = await world.newWarrantedUnit({ saleDaysAgo: 400 });

	// R1: Wed 27 Esfand 15:00 → delivered Wed 5 Farvardin 12:00, across Friday and Nowruz.
	await repair('r1', {
		warrantySerial: unitA.warranty.serial,
		technician: world.actors.technician,
		received: '2026-03-18T15:00:00',
		ordered: '2026-03-18T15:30:00',
		logged: '2026-03-19T10:00:00',
		parts: [{ productId: world.compressor.id, quantity: 1 }],
		approved: '2026-03-25T10:00:00',
		score: 90,
		delivered: '2026-03-25T12:00:00'
	});
	// R2: Sat 8 Farvardin, a QC rejection, delivered Thu 13 Farvardin past the branch holiday.
	await repair('r2', {
		warrantySerial: unitB.warranty.serial,
		technician: world.actors.technician,
		received: '2026-03-28T09:00:00',
		ordered: '2026-03-28T09:30:00',
		logged: '2026-03-28T11:00:00',
		parts: [{ productId: world.thermostat.id, quantity: 2 }],
		reject: { at: '2026-03-29T09:00:00', score: 40, rework: '2026-03-29T10:00:00' },
		approved: '2026-03-31T16:00:00',
		score: 80,
		delivered: '2026-04-02T09:00:00'
	});
	// R3: R1's unit back 9 days after its delivery (a repeat repair), technician 2.
	await repair('r3', {
		warrantySerial: unitA.warranty.serial,
		technician: world.actors.technician2,
		received: '2026-04-04T08:00:00',
		ordered: '2026-04-04T08:30:00',
		logged: '2026-04-04T12:00:00',
		approved: '2026-04-04T14:00:00',
		score: 70,
		delivered: '2026-04-05T11:00:00'
	});
	// R4: open, ordered Sun 16 Farvardin 09:30 (due Mon 16:30), still awaiting cost: overdue.
	const r4 = await receiveRequest(
		world.actors.reception,
		{
			by: 'warranty_serial',
			key: unitC.warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'صدا می‌دهد'
		},
		at('2026-04-05T09:00:00')
	);
	ids.r4 = r4.id;
	await issue(r4.id, world.actors.technician2, at('2026-04-05T09:30:00'));
	// R5: sent in by the agency, waiting for assignment since Mon 17 Farvardin 10:00.
	const r5 = await receiveRequest(
		world.actors.agent,
		{
			by: 'warranty_serial',
			key: unitD.warranty.serial,
			delivererName: 'پیک نمایندگی',
			complaint: 'برفک می‌زند'
		},
		at('2026-04-06T10:00:00')
	);
	ids.r5 = r5.id;
	// R6: replaced by the supervisor the next morning, before its order fell due.
	const r6 = await receiveRequest(
		world.actors.reception,
		{
			by: 'warranty_serial',
			key: unitE.warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'روشن نمی‌شود'
		},
		at('2026-04-06T11:00:00')
	);
	ids.r6 = r6.id;
	await issue(r6.id, world.actors.technician2, at('2026-04-06T11:30:00'));
	await replaceUnit(
		supervisor,
		r6.id,
		{ newSerial: `NEW-${r6.id}-X1`, reason: 'قابل تعمیر نیست' },
		at('2026-04-07T09:00:00')
	);
	// R5's warranty ends on 1405/01/31, inside a 30-day horizon from "now".
	await db
		.update(schema.warranties)
		.set({ endsOn: at('2026-04-20T00:00:00') })
		.where(eq(schema.warranties.id, unitD.warranty.id));
}, 120_000);

const run = (
	key: Parameters<typeof runReport>[1],
	raw: Record<string, unknown> = {},
	actor = supervisor
) => runReport(actor, key, { ...PERIOD, branchId: String(world.branchA.id), ...raw }, 'en', NOW);

describe('report facts', () => {
	it('are written by the projector in the same transaction as the service path', async () => {
		const db = await getDb();
		const facts = await db
			.select()
			.from(schema.reportRequestFacts)
			.where(eq(schema.reportRequestFacts.requestId, ids.r1!));
		expect(facts[0]).toMatchObject({
			status: 'delivered',
			technicianId: t1,
			// Wed 15:00–17:00 (120) + Thu 08:00–13:00 (300) + Friday and Nowruz closed + Wed 08:00–12:00 (240).
			receptionToDeliveryMinutes: 660,
			// Wed 15:30–17:00 (90) + Thu (300) + Wed 08:00–10:00 (120).
			orderToQcMinutes: 510
		});
		const r2 = await db
			.select()
			.from(schema.reportRequestFacts)
			.where(eq(schema.reportRequestFacts.requestId, ids.r2!));
		// Sat 09–17 (480) + Sun, Mon, Tue (3 × 540) + Wed holiday + Thu 08–09 (60).
		expect(r2[0]!.receptionToDeliveryMinutes).toBe(2160);
		// Sat 09:30–17 (450) + Sun, Mon (1080) + Tue 08–16 (480).
		expect(r2[0]!.orderToQcMinutes).toBe(2010);
		const r3 = await db
			.select()
			.from(schema.reportRequestFacts)
			.where(eq(schema.reportRequestFacts.requestId, ids.r3!));
		expect(r3[0]).toMatchObject({
			receptionToDeliveryMinutes: 720,
			orderToQcMinutes: 330,
			repeatGapDays: 9
		});
	});

	it('keep the open-request rollup and the duration histograms equal to a rebuild', async () => {
		const db = await getDb();
		const read = async () => ({
			open: (await db.select().from(schema.reportOpenRequestDaily))
				.filter((r) => r.open !== 0)
				.map((r) => JSON.stringify(r))
				.sort(),
			durations: (await db.select().from(schema.reportDurationMonthly))
				.filter((r) => r.n !== 0)
				.map((r) => JSON.stringify(r))
				.sort()
		});

		const kept = await read();
		// R4 (awaiting cost) and R5 (awaiting assignment) are open; R1–R3 give six durations,
		// each counted for its technician and for the month over every technician.
		expect(kept.open).toHaveLength(2);
		expect(kept.durations).toHaveLength(12);
		await rebuildReportRollups(db);
		expect(await read()).toEqual(kept);
		// A database whose facts predate these rollups gets them filled once at start.
		await db.delete(schema.reportOpenRequestDaily);
		await db.delete(schema.reportDurationMonthly);
		await ensureReportFacts(db);
		expect(await read()).toEqual(kept);
	});

	it('rebuild from the service tables gives the same facts', async () => {
		const db = await getDb();
		const before = await db.select().from(schema.reportRequestFacts);
		await db.delete(schema.reportRequestFacts);
		await db.delete(schema.reportOrderFacts);
		expect(await rebuildAllReportFacts(db)).toBeGreaterThanOrEqual(6);
		const after = await db.select().from(schema.reportRequestFacts);
		const strip = (rows: typeof before) =>
			rows.map(({ updatedAt: _u, ...rest }) => rest).sort((a, b) => a.requestId - b.requestId);
		expect(strip(after)).toEqual(strip(before));
		expect((await db.select().from(schema.reportOrderFacts)).length).toBe(5);
	});
});

describe('service duration per technician', () => {
	it('gives medians and p90 in working hours per technician, overall and per month', async () => {
		const report = await run('durations');
		const first = rowOf(
			report,
			'technicians',
			'technician',
			world.actors.technician.user.displayName
		);
		// T1: 660 and 2160 minutes → median 1410 (23.5 h), p90 660 + 0.9 × 1500 = 2010 (33.5 h).
		// Order→QC: 510 and 2010 → median 1260 (21 h), p90 1860 (31 h).
		expect(first).toMatchObject({
			delivered: 2,
			d50: 23.5,
			d90: 33.5,
			approved: 2,
			q50: 21,
			q90: 31
		});
		const second = rowOf(
			report,
			'technicians',
			'technician',
			world.actors.technician2.user.displayName
		);
		expect(second).toMatchObject({
			delivered: 1,
			d50: 12,
			d90: 12,
			approved: 1,
			q50: 5.5,
			q90: 5.5
		});
		// All: 660, 720, 2160 → median 12 h, p90 720 + 0.8 × 1440 = 1872 (31.2 h);
		// order→QC 330, 510, 2010 → median 8.5 h, p90 510 + 0.8 × 1500 = 1710 (28.5 h).
		expect(report.summary.map((f) => f.value)).toEqual([3, 12, 31.2, 8.5, 28.5]);
		const months = table(report, 'months').rows.map((r) => r.cells);
		expect(months).toHaveLength(2);
		expect(months[0]).toMatchObject({ month: 'Esfand 1404', delivered: 1, d50: 11, d90: 11 });
		// Farvardin: 720 and 2160 → median 24 h, p90 720 + 0.9 × 1440 = 2016 (33.6 h).
		expect(months[1]).toMatchObject({ month: 'Farvardin 1405', delivered: 2, d50: 24, d90: 33.6 });
		const trend = report.charts.find((c) => c.id === 'trend')!;
		expect(trend.datasets[0]!.data).toEqual([11, 24]);
	});

	it('gives the same figures from the monthly histograms, whole or partial months', async () => {
		// Without a branch the whole months come from the monthly histograms, the days around
		// them from the facts; every split gives the figures computed from the facts above.
		const expected = [3, 12, 31.2, 8.5, 28.5];
		for (const period of [
			PERIOD,
			{ from: '1404/12/15', to: '1405/01/31' },
			{ from: '1404/12/01', to: '1405/01/16' },
			{ from: '1404/12/20', to: '1405/01/20' }
		]) {
			const report = await runReport(supervisor, 'durations', period, 'en', NOW);
			expect(report.summary.map((f) => f.value)).toEqual(expected);
			expect(table(report, 'months').rows.map((r) => r.cells.d50)).toEqual([11, 24]);
		}
		const one = await runReport(
			supervisor,
			'durations',
			{ ...PERIOD, technicianId: t1 },
			'en',
			NOW
		);
		expect(table(one, 'technicians').rows[0]!.cells).toMatchObject({
			d50: 23.5,
			d90: 33.5,
			q90: 31
		});
	});

	it('links each technician to the matching search', async () => {
		const report = await run('durations');
		const row = table(report, 'technicians').rows.find(
			(r) => r.cells.technician === world.actors.technician.user.displayName
		)!;
		expect(row.links!.delivered).toContain('status=delivered');
		expect(await searchCount(row.links!.delivered!)).toBe(2);
	});
});

describe('repair orders', () => {
	it('counts issued, completed and overdue orders by technician, service type and month', async () => {
		const report = await run('orders');
		expect(report.summary.map((f) => f.value)).toEqual([5, 4, 2, 60]);
		expect(
			rowOf(report, 'technicians', 'name', world.actors.technician.user.displayName)
		).toMatchObject({
			issued: 2,
			completed: 2,
			overdue: 1,
			open: 0,
			onTime: 50
		});
		expect(
			rowOf(report, 'technicians', 'name', world.actors.technician2.user.displayName)
		).toMatchObject({
			issued: 3,
			completed: 2,
			overdue: 1,
			open: 1,
			onTime: 66.7
		});
		expect(rowOf(report, 'service-types', 'name', 'Warranty')).toMatchObject({ issued: 5 });
		const months = table(report, 'months').rows.map((r) => r.cells);
		expect(months.map((m) => m.issued)).toEqual([1, 4]);
	});

	it('takes Persian and Arabic digits in dates and ids, and its links match the search', async () => {
		const report = await runReport(
			supervisor,
			'orders',
			{
				from: '۱۴۰۴/۱۲/۰۱',
				to: '١٤٠٥/٠١/٣١',
				technicianId: String(t2).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)
			},
			'fa',
			NOW
		);
		expect(report.summary[0]!.value).toBe(3);
		expect(await searchCount(report.summary[0]!.link!)).toBe(3);
		expect(await searchCount(report.summary[1]!.link!)).toBe(2);
		// The search counts "overdue" by today's clock; R4's due time is long past either way.
		expect(await searchCount(report.summary[2]!.link!)).toBe(1);
	});

	it('refuses an end date before the start date with a field error', async () => {
		await expect(run('orders', { from: '1405/02/01', to: '1405/01/01' })).rejects.toMatchObject({
			status: 422,
			fields: { to: { key: 'reports.validation.range' } }
		});
		await expect(run('orders', { from: '1405/13/01' })).rejects.toMatchObject({ status: 422 });
	});
});

describe('status monitoring', () => {
	it('counts and ages open requests per status, SLA per priority, and names the bottleneck', async () => {
		const report = await run('status');
		const statuses = table(report, 'statuses').rows;
		expect(statuses.map((r) => r.cells.count)).toEqual([1, 1]);
		// R5 waits for assignment since Mon 10:00 (50 h); R4 awaits cost since Sun 09:30 (74.5 h).
		const waiting = statuses[0]!;
		expect(waiting.cells).toMatchObject({ avgHours: 50, b2: 1, b3: 0 });
		const cost = statuses[1]!;
		expect(cost.cells).toMatchObject({ avgHours: 74.5, maxHours: 74.5, b3: 1 });
		expect(cost.highlight).toBe(true);
		expect(String(cost.cells.status)).toContain('bottleneck');
		const sla = table(report, 'sla').rows[0]!.cells;
		expect(sla).toMatchObject({ total: 5, met: 3, breached: 2, onTrack: 0, compliance: 60 });
		expect(report.charts.find((c) => c.id === 'ageing')!.highlight).toBe(1);
		expect(await searchCount(cost.links!.count!)).toBe(1);
	});
});

describe('counters in the status report', () => {
	// Tue 1405/01/18 in branch A, Tehran times: four tickets at two counters; each wait (taken →
	// called) and service (called → done) is stated where the ticket is handled.
	const day = (hm: string) => at(`2026-04-07T${hm}:00`);
	beforeAll(async () => {
		const { reception, receptionB } = world.actors;
		const [c1, c2] = world.counters;
		const a = await issueTicket(reception, { purpose: 'reception' }, 'staff', day('09:00'));
		await issueTicket(reception, { purpose: 'delivery' }, 'staff', day('09:02'));
		await issueTicket(reception, { purpose: 'reception' }, 'staff', day('09:04'));
		// Counter 1 calls A (waited 5 min); counter 2 calls B (waited 4 min).
		expect((await callNext(reception, c1!.id, {}, day('09:05')))!.id).toBe(a.id);
		const b = (await callNext(reception, c2!.id, {}, day('09:06')))!;
		// A served 09:05 → 09:10 (5 min).
		await actOnTicket(reception, a.id, { action: 'done' }, day('09:10'));
		// C waited 09:04 → 09:12 (8 min) at counter 1, then did not come.
		const c = (await callNext(reception, c1!.id, {}, day('09:12')))!;
		await actOnTicket(reception, c.id, { action: 'no_show' }, day('09:15'));
		// B served 09:06 → 09:18 (12 min; started 09:07, still counted from the call).
		await actOnTicket(reception, b.id, { action: 'start' }, day('09:07'));
		await actOnTicket(reception, b.id, { action: 'done' }, day('09:18'));
		// D taken 09:20, called 09:30 (waited 10 min), done 09:45 (served 15 min).
		await issueTicket(reception, { purpose: 'consultation' }, 'staff', day('09:20'));
		const d = (await callNext(reception, c1!.id, {}, day('09:30')))!;
		await actOnTicket(reception, d.id, { action: 'start' }, day('09:31'));
		await actOnTicket(reception, d.id, { action: 'done' }, day('09:45'));
		// Outside the report: a ticket after the period (1405/02/01) and one in branch B.
		const late = at('2026-04-21T09:00:00');
		await issueTicket(reception, { purpose: 'reception' }, 'staff', late);
		await actOnTicket(
			reception,
			(await callNext(reception, c2!.id, {}, at('2026-04-21T10:00:00')))!.id,
			{ action: 'done' },
			at('2026-04-21T11:00:00')
		);
		await issueTicket(receptionB, { purpose: 'reception' }, 'staff', day('09:00'));
	});

	it('shows waited and served minutes per counter, hand-computed', async () => {
		const report = await run('status');
		const rows = table(report, 'counters').rows.map((r) => r.cells);
		expect(rows).toEqual([
			{
				counter: world.counters[0]!.name,
				branch: 'Test A',
				called: 3,
				served: 2,
				noShows: 1,
				// Waits 5, 8, 10: mean 23 / 3 = 7.67 (460 s), median 8, p90 8 + 0.8 × 2 = 9.6.
				waitedAvg: 7.7,
				waitedMedian: 8,
				waitedP90: 9.6,
				// Done tickets served 5 and 15: mean and median 10, p90 5 + 0.9 × 10 = 14.
				servedAvg: 10,
				servedMedian: 10,
				servedP90: 14
			},
			{
				counter: world.counters[1]!.name,
				branch: 'Test A',
				called: 1,
				served: 1,
				noShows: 0,
				waitedAvg: 4,
				waitedMedian: 4,
				waitedP90: 4,
				servedAvg: 12,
				servedMedian: 12,
				servedP90: 12
			}
		]);
	});

	it('comes through the reports API, as JSON and as CSV', async () => {
		const get = async (query: string) => {
			const url = new URL(`http://desk.test/api/v1/reports/status?${query}`);
			const event = {
				request: new Request(url, { headers: { 'accept-language': 'en' } }),
				url,
				params: {},
				locals: { actor: supervisor, locale: 'en' },
				getClientAddress: () => '127.0.0.1'
			} as unknown as RequestEvent;
			return statusRoute.GET(event);
		};
		const query = `from=1404/12/01&to=1405/01/31&branchId=${world.branchA.id}`;
		const response = await get(query);
		const json = (await response.json()) as ReportResult;
		expect(response.status, JSON.stringify(json)).toBe(200);
		expect(table(json, 'counters').rows.map((r) => r.cells.waitedP90)).toEqual([9.6, 4]);
		const csv = await (await get(`${query}&format=csv`)).text();
		expect(csv).toContain(`${world.counters[1]!.name},Test A,1,1,0,4,4,4,12,12,12`);
	});

	it('follows the period, is left out for an agency, and is exported in Persian', async () => {
		const later = await run('status', { from: '1405/02/01', to: '1405/02/01' });
		expect(table(later, 'counters').rows.map((r) => r.cells.called)).toEqual([1]);
		const agent = {
			...world.actors.agent,
			grants: { ...world.actors.agent.grants, reports: 'view' as const }
		};
		const agency = await runReport(agent, 'status', PERIOD, 'en', NOW);
		expect(agency.tables.find((t) => t.id === 'counters')).toBeUndefined();

		const fa = await runReport(
			supervisor,
			'status',
			{ ...PERIOD, branchId: world.branchA.id },
			'fa',
			NOW
		);
		const counters = table(fa, 'counters');
		expect(counters.columns.find((c) => c.key === 'waitedAvg')).toMatchObject({
			label: 'میانگین انتظار (دقیقه)',
			kind: 'minutes'
		});
		const csv = reportCsv(fa, 'fa');
		expect(csv).toContain('میانگین انتظار (دقیقه)');
		expect(csv).toContain(`${world.counters[0]!.name},شعبهٔ آزمایشی الف,3,2,1,7.7,8,9.6,10,10,14`);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await reportXlsx(fa, 'fa')).buffer as ArrayBuffer);
		const sheet = workbook.worksheets.find(
			(w) => w.getRow(1).getCell(6).value === 'میانگین انتظار (دقیقه)'
		);
		expect(sheet).toBeDefined();
		expect(sheet!.getRow(2).getCell(6).value).toBe(7.7);
		expect(sheet!.views[0]?.rightToLeft).toBe(true);
	});
});

describe('quality', () => {
	it('gives QC rejection rate and score per technician, repeats, threshold and replacements', async () => {
		const report = await run('quality');
		expect(
			rowOf(report, 'technicians', 'technician', world.actors.technician.user.displayName)
		).toMatchObject({
			reviews: 3,
			rejected: 1,
			rate: 33.3,
			score: 70
		});
		expect(
			rowOf(report, 'technicians', 'technician', world.actors.technician2.user.displayName)
		).toMatchObject({
			reviews: 1,
			rejected: 0,
			rate: 0,
			score: 70
		});
		// Rate 1/4, score (90 + 40 + 80 + 70) / 4, one repeat within 30 and 90 days, no flag, one replacement.
		expect(report.summary.map((f) => f.value)).toEqual([25, 70, 1, 1, 0, 1]);
		const repeats = table(report, 'repeats').rows;
		expect(repeats).toHaveLength(1);
		expect(repeats[0]!.cells.gap).toBe(9);
		const rejected = table(report, 'technicians').rows.find(
			(r) => r.cells.technician === world.actors.technician.user.displayName
		)!.links!.rejected!;
		expect(await searchCount(rejected)).toBe(1);
	});
});

describe('warranty', () => {
	it('lists expiring warranties, claims per product and parts used on warranty with cost', async () => {
		const report = await run('warranty', { days: '۳۰' });
		// One warranty ends within 30 days; six claims; compressor 90,000,000 + 2 thermostats 8,000,000.
		expect(report.summary.map((f) => f.value)).toEqual([1, 6, 98_000_000]);
		expect(table(report, 'claims').rows[0]!.cells).toMatchObject({
			claims: 6,
			delivered: 3,
			replaced: 1
		});
		const parts = table(report, 'parts').rows.map((r) => r.cells);
		expect(parts).toEqual([
			{ part: 'Compressor', quantity: 1, lines: 1, cost: 90_000_000 },
			{ part: 'Thermostat', quantity: 2, lines: 1, cost: 8_000_000 }
		]);
		expect(table(report, 'expiring-list').rows).toHaveLength(1);
		const shorter = await run('warranty', { days: 5 });
		expect(shorter.summary[0]!.value).toBe(0);
	});
});

describe('scope and exports', () => {
	it('shows an agency user only their agency, and a branch user only their branch', async () => {
		const agent = {
			...world.actors.agent,
			grants: { ...world.actors.agent.grants, reports: 'view' as const }
		};
		const status = await runReport(agent, 'status', PERIOD, 'en', NOW);
		expect(status.summary[0]!.value).toBe(1);
		const warranty = await runReport(agent, 'warranty', { ...PERIOD, agencyId: '999' }, 'en', NOW);
		expect(warranty.summary.map((f) => f.value)).toEqual([1, 1, 0]);
		const orders = await runReport(agent, 'orders', PERIOD, 'en', NOW);
		expect(orders.summary[0]!.value).toBe(0);
		const other = {
			...world.actors.receptionB,
			grants: { ...world.actors.receptionB.grants, reports: 'view' as const }
		};
		const otherOrders = await runReport(
			other,
			'orders',
			{ ...PERIOD, branchId: world.branchA.id },
			'en',
			NOW
		);
		expect(otherOrders.summary[0]!.value).toBe(0);
	});

	it('refuses users without reports.view', async () => {
		await expect(runReport(world.actors.agent, 'status', {}, 'en', NOW)).rejects.toMatchObject({
			status: 403
		});
	});

	it('exports CSV and XLSX with the same figures, in Persian', async () => {
		const report = await runReport(
			supervisor,
			'orders',
			{ ...PERIOD, branchId: world.branchA.id },
			'fa',
			NOW
		);
		const csv = reportCsv(report, 'fa');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv).toContain('صادرشده');
		expect(csv).toContain(`${world.actors.technician.user.displayName},2,2,1,0,50`);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await reportXlsx(report, 'fa')).buffer as ArrayBuffer);
		expect(workbook.worksheets.length).toBe(1 + report.tables.length);
		const sheet = workbook.worksheets[1]!;
		expect(sheet.views[0]?.rightToLeft).toBe(true);
		expect(sheet.getRow(1).getCell(2).value).toBe('صادرشده');
	});
});
