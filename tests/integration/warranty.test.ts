import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatJalaliDate, fromJalali } from '#lib/domain/jalali';
import { createAdministrator } from '#lib/server/auth/bootstrap';
import { getDb, schema } from '#lib/server/db';
import { lookupWarranty } from '#lib/server/warranty/lookup';
import { parseOrThrow } from '#lib/server/http/errors';
import {
	warrantyAssignSchema,
	warrantyCreateSchema,
	warrantyTypeCreateSchema,
	warrantyUpdateSchema
} from '#lib/server/warranty/schemas';
import {
	createWarrantyType,
	listWarrantyTypes,
	updateWarrantyType
} from '#lib/server/warranty/types';
import {
	assignWarranty,
	createWarranty,
	getWarranty,
	listAssignments,
	listWarranties,
	recomputeWarrantiesForUnit,
	setWarrantiesActive,
	updateWarranty
} from '#lib/server/warranty/warranties';

let actorId: number;
const types: Record<string, number> = {};
const jalali = (d: Date | null) => (d ? formatJalaliDate(d) : null);

/** Issues a warranty from form-like input, as the page and the API do. */
function issue(input: Record<string, unknown>) {
	return createWarranty(
		parseOrThrow(warrantyCreateSchema, { productCode: 'WM-800', typeId: types.sale, ...input }),
		actorId
	);
}

beforeAll(async () => {
	actorId = (
		await createAdministrator({
			username: 'warranty.admin',
			displayName: 'مدیر گارانتی',
			password: 'warranty-password'
		})
	).id;
	const db = await getDb();
	await db
		.insert(schema.products)
		.values({ code: 'WM-800', nameFa: 'ماشین لباسشویی', nameEn: 'Washing machine' });
	const define = async (key: string, input: Record<string, unknown>) => {
		types[key] = (
			await createWarrantyType(parseOrThrow(warrantyTypeCreateSchema, input), actorId)
		).id;
	};
	await define('sale', {
		code: 'S18',
		nameFa: '۱۸ ماهه از تاریخ فروش',
		nameEn: '18 months from sale',
		months: '۱۸',
		days: '0',
		startRule: 'sale',
		coverage: 'both',
		graceDays: '15'
	});
	await define('registration', {
		code: 'R12',
		nameFa: '۱۲ ماهه از ثبت',
		nameEn: '12 months from registration',
		months: 12,
		days: 0,
		startRule: 'registration',
		coverage: 'parts'
	});
	await define('activation', {
		code: 'A24',
		nameFa: '۲۴ ماهه از فعال‌سازی',
		nameEn: '24 months from activation',
		months: 24,
		days: 10,
		startRule: 'activation',
		coverage: 'labour'
	});
});

describe('warranty types', () => {
	it('refuses a duplicate code and a zero duration', async () => {
		await expect(
			createWarrantyType(
				parseOrThrow(warrantyTypeCreateSchema, {
					code: 's18',
					nameFa: 'x',
					nameEn: 'x',
					months: 1,
					days: 0,
					startRule: 'sale',
					coverage: 'both'
				}),
				actorId
			)
		).rejects.toMatchObject({ status: 409, code: 'duplicate_code' });
		expect(() =>
			parseOrThrow(warrantyTypeCreateSchema, {
				code: 'Z0',
				nameFa: 'x',
				nameEn: 'x',
				months: 0,
				days: 0,
				startRule: 'sale',
				coverage: 'both'
			})
		).toThrow(
			expect.objectContaining({
				status: 422,
				fields: { months: { key: 'warranty.validation.duration' } }
			})
		);
	});

	it('freezes the period rules of a type once warranties use it, but not its names', async () => {
		const spare = await createWarrantyType(
			parseOrThrow(warrantyTypeCreateSchema, {
				code: 'T6',
				nameFa: 'شش ماهه',
				nameEn: 'Six months',
				months: 6,
				days: 0,
				startRule: 'sale',
				coverage: 'parts'
			}),
			actorId
		);
		expect((await updateWarrantyType(spare.id, { months: 7 }, actorId)).months).toBe(7);
		await issue({
			serial: 'T6-0001',
			productSerial: 'T6-UNIT',
			typeId: spare.id,
			saleDate: '1403/01/01'
		});
		await expect(updateWarrantyType(spare.id, { months: 8 }, actorId)).rejects.toMatchObject({
			code: 'type_in_use'
		});
		const renamed = await updateWarrantyType(
			spare.id,
			{ nameEn: 'Seven months', active: false },
			actorId
		);
		expect(renamed).toMatchObject({ nameEn: 'Seven months', active: false, months: 7 });
		expect((await listWarrantyTypes()).find((t) => t.id === spare.id)?.warrantyCount).toBe(1);
	});
});

describe('computed dates per start rule', () => {
	it('starts a sale-based warranty on the sale date (Jalali months, grace after the end)', async () => {
		const w = await issue({ serial: 'S-1001', productSerial: 'WM-1001', saleDate: '۱۴۰۲/۱۲/۲۹' });
		expect(jalali(w.startsOn)).toBe('1402/12/29');
		// 18 Jalali months from the last day of Esfand 1402 end on 1404/06/29.
		expect(jalali(w.endsOn)).toBe('1404/06/29');
		// Shahrivar has 31 days, so 15 grace days end on 1404/07/13.
		expect(jalali(w.graceEndsOn)).toBe('1404/07/13');
	});

	it('keeps a registration-based warranty pending until it is assigned, then starts it', async () => {
		const w = await issue({
			serial: 'R-2001',
			productSerial: 'WM-2001',
			typeId: types.registration,
			saleDate: '1403/01/10'
		});
		expect(w).toMatchObject({ state: 'pending', startsOn: null, endsOn: null, daysLeft: null });
		const assigned = await assignWarranty(
			w.id,
			parseOrThrow(warrantyAssignSchema, { mobile: '۰۹۱۲-۱۱۱-۲۲۳۳', name: 'سارا احمدی' }),
			actorId
		);
		expect(assigned.registeredAt).not.toBeNull();
		expect(assigned.startsOn).not.toBeNull();
		expect(assigned.state).toBe('active');
		expect(assigned.daysLeft).toBeGreaterThan(360);
	});

	it('starts an activation-based warranty when the activation date becomes known', async () => {
		const w = await issue({
			serial: 'A-3001',
			productSerial: 'WM-3001',
			typeId: types.activation,
			saleDate: '1403/01/10'
		});
		expect(w.state).toBe('pending');
		const started = await updateWarranty(
			w.id,
			parseOrThrow(warrantyUpdateSchema, { activatedAt: '2024-06-01' }),
			actorId
		);
		expect(jalali(started.startsOn)).toBe('1403/03/12');
		// 24 months and 10 days.
		expect(jalali(started.endsOn)).toBe('1405/03/22');
		const cleared = await updateWarranty(
			w.id,
			parseOrThrow(warrantyUpdateSchema, { activatedAt: '' }),
			actorId
		);
		expect(cleared.startsOn).toBeNull();
	});

	it('starts waiting warranties of a unit when the catalogue learns its sale date', async () => {
		const w = await issue({ serial: 'S-4001', productSerial: 'WM-4001' });
		expect(w.state).toBe('pending');
		const db = await getDb();
		const changed = await db.transaction((tx) =>
			recomputeWarrantiesForUnit(tx, w.unit.id, { saleDate: fromJalali(1403, 7, 1) }, actorId)
		);
		expect(changed).toBe(1);
		expect(jalali((await getWarranty(w.id)).startsOn)).toBe('1403/07/01');
	});

	it('refuses a second card with the same serial in any digits or separators', async () => {
		await expect(issue({ serial: 'S-۱۰۰۱', productSerial: 'WM-9999' })).rejects.toMatchObject({
			status: 409,
			code: 'duplicate_serial'
		});
	});
});

describe('assignment', () => {
	it('keeps the history of every holder in order, with history rows and events', async () => {
		const w = await issue({
			serial: 'H-5001',
			productSerial: 'WM-5001',
			saleDate: '1403/05/05',
			customerMobile: '09121234567'
		});
		expect(w.customer?.mobile).toBe('+989121234567');
		// Unknown mobile without a name: the customer must be named to be created.
		await expect(
			assignWarranty(w.id, parseOrThrow(warrantyAssignSchema, { mobile: '09351112233' }), actorId)
		).rejects.toMatchObject({
			code: 'customer_not_found'
		});
		await assignWarranty(
			w.id,
			parseOrThrow(warrantyAssignSchema, {
				mobile: '+98 935 111 2233',
				name: 'علی رضایی',
				note: 'فروش دست دوم'
			}),
			actorId
		);
		const back = await assignWarranty(
			w.id,
			parseOrThrow(warrantyAssignSchema, { mobile: '٠٩١٢١٢٣٤٥٦٧' }),
			actorId
		);
		expect(back.customer?.mobile).toBe('+989121234567');

		const assignments = await listAssignments(w.id);
		expect(
			assignments.map((a) => [a.previousCustomer?.mobile ?? null, a.customer?.mobile])
		).toEqual([
			[null, '+989121234567'],
			['+989121234567', '+989351112233'],
			['+989351112233', '+989121234567']
		]);
		expect(assignments[1]).toMatchObject({ note: 'فروش دست دوم', actorName: 'مدیر گارانتی' });

		const db = await getDb();
		const historyRows = await db
			.select()
			.from(schema.history)
			.where(
				and(eq(schema.history.entityType, 'warranty'), eq(schema.history.entityId, String(w.id)))
			);
		expect(historyRows.map((h) => h.action)).toEqual(['created', 'reassigned', 'reassigned']);
		const events = await db
			.select()
			.from(schema.outbox)
			.where(eq(schema.outbox.aggregateId, String(w.id)));
		expect(events.filter((e) => e.aggregateType === 'warranty').map((e) => e.type)).toEqual([
			'warranty.created',
			'warranty.reassigned',
			'warranty.reassigned'
		]);
	});

	it('refuses an edit based on a stale version', async () => {
		const w = await issue({ serial: 'V-6001', productSerial: 'WM-6001' });
		await updateWarranty(w.id, { saleDate: fromJalali(1403, 1, 1), version: w.version }, actorId);
		await expect(
			updateWarranty(w.id, { saleDate: fromJalali(1403, 2, 1), version: w.version }, actorId)
		).rejects.toMatchObject({
			status: 409,
			code: 'stale'
		});
	});
});

describe('activation', () => {
	it('deactivates a selection with a reason and activates it again', async () => {
		const a = await issue({ serial: 'D-7001', productSerial: 'WM-7001', saleDate: '1403/01/01' });
		const b = await issue({ serial: 'D-7002', productSerial: 'WM-7002', saleDate: '1403/01/01' });
		await expect(
			setWarrantiesActive({ ids: [a.id], active: false, reason: ' ' }, actorId)
		).rejects.toMatchObject({ status: 422 });
		expect(
			await setWarrantiesActive(
				{ ids: [a.id, b.id, 999_999], active: false, reason: 'کارت مخدوش' },
				actorId
			)
		).toEqual({
			changed: 2,
			unchanged: 0,
			missing: 1
		});
		expect(await getWarranty(a.id)).toMatchObject({ active: false, inactiveReason: 'کارت مخدوش' });
		const inactive = await listWarranties({ active: false, limit: 50 });
		expect(inactive.items.map((w) => w.serial).sort()).toEqual(['D-7001', 'D-7002']);
		expect(await setWarrantiesActive({ ids: [a.id, b.id], active: true }, actorId)).toMatchObject({
			changed: 2
		});
		expect(await getWarranty(b.id)).toMatchObject({ active: true, inactiveReason: null });
	});
});

describe('lookup and list', () => {
	it('finds a unit by product serial typed with Persian digits and dashes, with its warranties', async () => {
		await issue({ serial: 'L-8001', productSerial: 'SN 55-778-12', saleDate: '1403/03/01' });
		const found = await lookupWarranty('sn-۵۵۷۷۸۱۲');
		expect(found.matches).toHaveLength(1);
		const [match] = found.matches;
		expect(match!.unit).toMatchObject({ serial: 'SN 55-778-12', productCode: 'WM-800' });
		expect(match!.warranties.map((w) => w.serial)).toEqual(['L-8001']);
		expect(match!.serviceHistory).toEqual([]);
		expect((await lookupWarranty('L_8001')).matches[0]?.byWarrantySerial).toBe(true);
		expect((await lookupWarranty('NOTHING-LIKE-IT')).matches).toEqual([]);
	});

	it('filters by state and pages with a cursor', async () => {
		const pending = await listWarranties({ state: 'pending', limit: 50 });
		expect(pending.items.every((w) => w.state === 'pending')).toBe(true);
		const covered = await listWarranties({ state: 'active', limit: 50 });
		expect(covered.items.length).toBeGreaterThan(0);
		expect(covered.items.every((w) => w.state === 'active')).toBe(true);
		const first = await listWarranties({ limit: 3 });
		const second = await listWarranties({ limit: 3, cursor: first.nextCursor! });
		expect(second.items[0]!.id).toBeLessThan(first.items[2]!.id);
		const byMobile = await listWarranties({ q: '0912 123 4567', limit: 50 });
		expect(byMobile.items.map((w) => w.serial)).toContain('H-5001');
	});
});
