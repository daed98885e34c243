import { describe, expect, it } from 'vitest';
import { addWorkingMinutes } from '#lib/domain/working-time';
import { fromJalali } from '#lib/domain/jalali';
import { getDb, schema } from '#lib/server/db';
import { parseOrThrow } from '#lib/server/http/errors';
import { seedCatalogDemo } from '#lib/server/demo/catalog';
import {
	agencyCreateSchema,
	createAgency,
	listAgencies,
	updateAgency
} from '#lib/server/org/agencies';
import {
	addHoliday,
	branchCreateSchema,
	branchUpdateSchema,
	createBranch,
	getBranch,
	holidaySchema,
	listBranches,
	listHolidays,
	loadBranchCalendar,
	updateBranch
} from '#lib/server/org/branches';
import { counterCreateSchema, createCounter, listCounters } from '#lib/server/org/counters';

const newBranch = (code: string, nameFa: string) =>
	createBranch(null, parseOrThrow(branchCreateSchema, { code, nameFa, nameEn: code }), null);

describe('branches and their calendar', () => {
	it('starts a new branch on the usual Iranian week and validates edited hours', async () => {
		const branch = await newBranch('thr-01', 'تهران — مرکزی');
		expect(branch.code).toBe('THR-01');
		expect(branch.weeklyHours['0']).toEqual([[480, 960]]);
		expect(branch.weeklyHours['6']).toEqual([]);
		const updated = await updateBranch(
			null,
			branch.id,
			parseOrThrow(branchUpdateSchema, {
				weeklyHours: {
					'0': [
						[480, 720],
						[780, 1020]
					],
					'5': [[480, 780]]
				}
			}),
			null
		);
		expect(updated.weeklyHours['0']).toEqual([
			[480, 720],
			[780, 1020]
		]);
		expect(updated.weeklyHours['1']).toEqual([]);
		expect(() =>
			parseOrThrow(branchUpdateSchema, { weeklyHours: { '2': [[600, 540]] } })
		).toThrow();
		expect(() =>
			parseOrThrow(branchUpdateSchema, {
				weeklyHours: {
					'2': [
						[480, 720],
						[700, 900]
					]
				}
			})
		).toThrow();
	});

	it('takes holidays as Jalali dates in any digits, per branch or for every branch', async () => {
		const tehran = (await listBranches(null, { q: 'THR', limit: 10 })).items[0]!;
		const isfahan = await newBranch('ISF-01', 'اصفهان');
		await addHoliday(
			null,
			parseOrThrow(holidaySchema, { date: '۱۴۰۵/۰۱/۰۱', title: 'نوروز', branchId: null }),
			null
		);
		await addHoliday(
			null,
			parseOrThrow(holidaySchema, { date: '١٤٠٥-١-٢', title: 'نوروز', branchId: null }),
			null
		);
		const local = await addHoliday(
			null,
			parseOrThrow(holidaySchema, {
				date: '1405/02/10',
				title: 'بازسازی شعبه',
				branchId: isfahan.id
			}),
			null
		);
		expect(local.jalali).toBe('1405/02/10');
		expect(local.date).toBe('2026-04-30');
		await expect(
			addHoliday(
				null,
				parseOrThrow(holidaySchema, { date: '1405/1/1', title: 'تکرار', branchId: null }),
				null
			)
		).rejects.toMatchObject({ status: 409, code: 'duplicate_holiday' });
		expect(() =>
			parseOrThrow(holidaySchema, { date: '1405/13/01', title: 'x', branchId: null })
		).toThrow();

		expect(
			(await listHolidays(null, { branch: isfahan.id, year: 1405 })).map((h) => h.jalali)
		).toEqual(['1405/01/01', '1405/01/02', '1405/02/10']);
		expect(
			(await listHolidays(null, { branch: tehran.id, year: 1405 })).map((h) => h.jalali)
		).toEqual(['1405/01/01', '1405/01/02']);
		expect(await listHolidays(null, { branch: tehran.id, year: 1404 })).toEqual([]);
	});

	it('gives SLA arithmetic a calendar that skips the branch’s holidays', async () => {
		const isfahan = (await listBranches(null, { q: 'ISF', limit: 10 })).items[0]!;
		const calendar = await loadBranchCalendar(isfahan.id);
		expect(calendar.holidays).toContain('1405/02/10');
		// 1405/02/09 is a Wednesday: 60 working minutes from 15:30 run into the holiday on the
		// 10th and the Friday after, so they end on Saturday 1405/02/12 at 08:30.
		const due = addWorkingMinutes(
			new Date(fromJalali(1405, 2, 9).getTime() + 15.5 * 3_600_000),
			60,
			calendar
		);
		expect(due.toISOString()).toBe(
			new Date(fromJalali(1405, 2, 12).getTime() + 8.5 * 3_600_000).toISOString()
		);
	});
});

describe('counters and agencies', () => {
	it('keeps counter codes unique within a branch only', async () => {
		const [tehran, isfahan] = (await listBranches(null, { limit: 10 })).items
			.sort((a, b) => a.code.localeCompare(b.code))
			.reverse();
		await createCounter(
			null,
			parseOrThrow(counterCreateSchema, { branchId: tehran!.id, code: '1', name: 'باجهٔ ۱' }),
			null
		);
		await createCounter(
			null,
			parseOrThrow(counterCreateSchema, { branchId: isfahan!.id, code: '۱', name: 'باجهٔ ۱' }),
			null
		);
		await expect(
			createCounter(
				null,
				parseOrThrow(counterCreateSchema, { branchId: tehran!.id, code: '1', name: 'تکراری' }),
				null
			)
		).rejects.toMatchObject({ status: 409 });
		expect(
			(await listCounters(null, { branch: tehran!.id, limit: 10 })).items.map((c) => c.code)
		).toEqual(['1']);
	});

	it('limits a branch-scoped user to their own branch', async () => {
		const branches = (await listBranches(null, { limit: 10 })).items;
		const tehran = branches.find((b) => b.code === 'THR-01')!;
		const isfahan = branches.find((b) => b.code === 'ISF-01')!;
		const agency = await createAgency(
			null,
			parseOrThrow(agencyCreateSchema, {
				code: 'ag-101',
				name: 'نمایندگی کرج',
				branchId: tehran.id,
				mobile: '۰۹۱۲۱۲۳۴۵۰۱'
			}),
			null
		);
		expect(agency.mobile).toBe('+989121234501');
		expect((await listBranches(isfahan.id, { limit: 10 })).items.map((b) => b.code)).toEqual([
			'ISF-01'
		]);
		await expect(getBranch(isfahan.id, tehran.id)).rejects.toMatchObject({ status: 404 });
		expect((await listAgencies(isfahan.id, { limit: 10 })).items).toEqual([]);
		await expect(
			updateAgency(isfahan.id, agency.id, { active: false }, null)
		).rejects.toMatchObject({ status: 404 });
		expect((await updateAgency(null, agency.id, { active: false }, null)).active).toBe(false);
	});
});

describe('demo data', () => {
	it('seeds the catalogue once and skips itself the second time', async () => {
		const db = await getDb();
		const first = await db.transaction((tx) => seedCatalogDemo(tx));
		expect(first).toMatchObject({ products: 15, parts: 40, customers: 150, units: 300 });
		const second = await db.transaction((tx) => seedCatalogDemo(tx));
		expect(second.products).toBe(0);
		const lines = await db.select().from(schema.bomLines);
		expect(lines.length).toBeGreaterThan(60);
		const customers = await db.select({ mobile: schema.customers.mobile }).from(schema.customers);
		expect(customers.every((c) => /^\+989\d{9}$/.test(c.mobile))).toBe(true);
	});
});
