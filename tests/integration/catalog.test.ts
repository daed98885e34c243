import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import {
	createDefinition,
	definitionCreateSchemas,
	getDefinition,
	listDefinitions,
	moveDefinition,
	removeDefinition,
	updateDefinition
} from '#lib/server/catalog/definitions';
import {
	bomLineSchema,
	categorySchema,
	createCategory,
	createProduct,
	getProduct,
	listBom,
	listProducts,
	productCreateSchema,
	removeBomLine,
	removeProduct,
	serviceabilitySchema,
	setProductServices,
	setServiceability,
	upsertBomLine
} from '#lib/server/catalog/products';
import { isForeignKeyViolation } from '#lib/server/catalog/changes';
import { createUnit, importUnits, listUnits, unitCreateSchema } from '#lib/server/catalog/units';
import { createCustomer, customerCreateSchema } from '#lib/server/crm/customers';

const newProduct = (input: Record<string, unknown>) =>
	createProduct(productCreateSchema.parse(input), null);
const newCategory = (code: string, nameFa: string) =>
	createCategory(categorySchema.parse({ code, nameFa, nameEn: code }), null);

async function historyOf(entityType: string, entityId: number) {
	const db = await getDb();
	return db
		.select()
		.from(schema.history)
		.where(
			and(eq(schema.history.entityType, entityType), eq(schema.history.entityId, String(entityId)))
		);
}

describe('service catalogue', () => {
	it('creates priorities with SLA targets typed as working hours in any digits', async () => {
		const normal = await createDefinition(
			'priority',
			definitionCreateSchemas.priority.parse({
				code: 'normal',
				nameFa: 'عادی',
				nameEn: 'Normal',
				slaResponseMinutes: '۸',
				slaResolutionMinutes: '40'
			}),
			null
		);
		expect(normal).toMatchObject({
			code: 'NORMAL',
			slaResponseMinutes: 480,
			slaResolutionMinutes: 2400,
			active: true
		});
		const urgent = await createDefinition(
			'priority',
			definitionCreateSchemas.priority.parse({
				code: 'URGENT',
				nameFa: 'فوری',
				nameEn: 'Urgent',
				slaResponseMinutes: 90,
				slaResolutionMinutes: '۱۶:۳۰'
			}),
			null
		);
		expect(urgent.slaResolutionMinutes).toBe(990);
		expect(urgent.sortOrder).toBeGreaterThan(normal.sortOrder);
		await expect(
			createDefinition(
				'priority',
				definitionCreateSchemas.priority.parse({
					code: 'BAD',
					nameFa: 'بد',
					nameEn: 'Bad',
					slaResponseMinutes: 600,
					slaResolutionMinutes: 60
				}),
				null
			)
		).rejects.toMatchObject({
			status: 422,
			fields: { slaResolutionMinutes: { key: 'catalog.validation.slaOrder' } }
		});
	});

	it('refuses a second definition with the same code', async () => {
		const input = definitionCreateSchemas.work_type.parse({
			code: 'wt-shop',
			nameFa: 'کارگاهی',
			nameEn: 'Workshop'
		});
		await createDefinition('work_type', input, null);
		await expect(createDefinition('work_type', input, null)).rejects.toMatchObject({
			status: 409,
			code: 'duplicate_code'
		});
	});

	it('reorders definitions and keeps the new order', async () => {
		const names = ['الف', 'ب', 'پ'];
		const rows = [];
		for (const [i, nameFa] of names.entries()) {
			rows.push(
				await createDefinition(
					'service_type',
					definitionCreateSchemas.service_type.parse({ code: `ST-${i}`, nameFa, nameEn: `T${i}` }),
					null
				)
			);
		}
		await moveDefinition('service_type', rows[2]!.id, 'up', null);
		await moveDefinition('service_type', rows[2]!.id, 'up', null);
		const page = await listDefinitions('service_type', { limit: 50 });
		expect(page.items.map((r) => r.nameFa)).toEqual(['پ', 'الف', 'ب']);
	});

	it('deletes an unused definition but only deactivates one that is referred to', async () => {
		const unused = await createDefinition(
			'service',
			definitionCreateSchemas.service.parse({
				code: 'SV-TMP',
				nameFa: 'موقت',
				nameEn: 'Temporary'
			}),
			null
		);
		expect(await removeDefinition('service', unused.id, null)).toBe('deleted');
		await expect(getDefinition('service', unused.id)).rejects.toMatchObject({ status: 404 });

		const used = await createDefinition(
			'service',
			definitionCreateSchemas.service.parse({
				code: 'SV-BOARD',
				nameFa: 'تعمیر برد',
				nameEn: 'Board repair',
				labourRials: '۱٬۲۰۰٬۰۰۰'
			}),
			null
		);
		expect(used.labourRials).toBe(1_200_000n);
		const fridge = await newProduct({ code: 'RF-100', nameFa: 'یخچال', nameEn: 'Fridge' });
		await setProductServices(fridge.id, [used.id], null);
		expect(await removeDefinition('service', used.id, null)).toBe('deactivated');
		const kept = await getDefinition('service', used.id);
		expect(kept.active).toBe(false);
		const trail = await historyOf('service', used.id);
		expect(trail.map((h) => h.action)).toEqual(['created', 'deactivated']);

		const reactivated = await updateDefinition('service', used.id, { active: true }, null);
		expect(reactivated.active).toBe(true);
	});
});

describe('products and serviceability', () => {
	it('turns serviceability off for a selection in one go and counts only real changes', async () => {
		const a = await newProduct({ code: 'TV-1', nameFa: 'تلویزیون ۱', nameEn: 'TV 1' });
		const b = await newProduct({ code: 'TV-2', nameFa: 'تلویزیون ۲', nameEn: 'TV 2' });
		const c = await newProduct({
			code: 'TV-3',
			nameFa: 'تلویزیون ۳',
			nameEn: 'TV 3',
			serviceable: false
		});
		const result = await setServiceability(
			serviceabilitySchema.parse({ serviceable: false, ids: [a.id, b.id, c.id] }),
			null
		);
		expect(result).toEqual({ changed: 2, ids: [a.id, b.id] });
		expect((await getProduct(a.id)).serviceable).toBe(false);
		expect((await historyOf('product', a.id)).map((h) => h.action)).toContain(
			'serviceability_changed'
		);
		const again = await setServiceability(
			serviceabilitySchema.parse({ serviceable: false, ids: [a.id, b.id] }),
			null
		);
		expect(again.changed).toBe(0);
	});

	it('turns a whole category on or off and leaves other categories alone', async () => {
		const washers = await newCategory('WM', 'ماشین لباسشویی');
		const coolers = await newCategory('AC', 'کولر گازی');
		for (let i = 1; i <= 4; i++) {
			await newProduct({
				code: `WM-${i}`,
				nameFa: `لباسشویی ${i}`,
				nameEn: `Washer ${i}`,
				categoryId: washers.id,
				serviceable: i !== 4
			});
		}
		const cooler = await newProduct({
			code: 'AC-1',
			nameFa: 'کولر',
			nameEn: 'Cooler',
			categoryId: coolers.id
		});
		const result = await setServiceability(
			serviceabilitySchema.parse({ serviceable: 'false', categoryId: String(washers.id) }),
			null
		);
		expect(result.changed).toBe(3);
		const page = await listProducts({ category: washers.id, serviceable: true, limit: 50 });
		expect(page.items).toHaveLength(0);
		expect((await getProduct(cooler.id)).serviceable).toBe(true);

		const db = await getDb();
		const events = await db
			.select()
			.from(schema.outbox)
			.where(eq(schema.outbox.type, 'product.serviceability_changed'));
		expect(events.at(-1)?.payload).toMatchObject({ serviceable: false, categoryId: washers.id });
		expect((events.at(-1)?.payload.ids as number[]).length).toBe(3);
	});

	it('changes nothing at all when any selected id is unknown', async () => {
		const p = await newProduct({ code: 'VC-1', nameFa: 'جاروبرقی', nameEn: 'Vacuum' });
		await expect(
			setServiceability(
				serviceabilitySchema.parse({ serviceable: false, ids: [p.id, 999_999] }),
				null
			)
		).rejects.toMatchObject({ status: 422 });
		expect((await getProduct(p.id)).serviceable).toBe(true);
	});

	it('finds products by code or name whatever letters were typed', async () => {
		await newProduct({
			code: 'RF-520',
			nameFa: 'یخچال فریزر کمبی',
			nameEn: 'Combi fridge freezer'
		});
		expect((await listProducts({ q: 'يخچال كمبي', limit: 10 })).items.map((p) => p.code)).toContain(
			'RF-520'
		);
		expect((await listProducts({ q: 'rf-52', limit: 10 })).items.map((p) => p.code)).toEqual([
			'RF-520'
		]);
	});

	it('pages through products with a cursor', async () => {
		const first = await listProducts({ limit: 3 });
		expect(first.items).toHaveLength(3);
		expect(first.nextCursor).toBeTruthy();
		const second = await listProducts({ limit: 3, cursor: first.nextCursor! });
		expect(second.items[0]!.code > first.items[2]!.code).toBe(true);
	});
});

describe('BOM', () => {
	it('adds, updates and removes parts, refusing non-parts and loops', async () => {
		const fridge = await newProduct({
			code: 'RF-900',
			nameFa: 'یخچال ساید',
			nameEn: 'Side-by-side'
		});
		const board = await newProduct({
			code: 'PT-BRD',
			nameFa: 'برد اصلی',
			nameEn: 'Main board',
			isPart: true,
			priceRials: '45000000'
		});
		const relay = await newProduct({
			code: 'PT-RLY',
			nameFa: 'رله',
			nameEn: 'Relay',
			isPart: true
		});

		await upsertBomLine(
			fridge.id,
			bomLineSchema.parse({ partCode: 'pt-brd', quantity: '۱' }),
			null
		);
		let bom = await upsertBomLine(
			fridge.id,
			bomLineSchema.parse({ partId: relay.id, quantity: '۲٫۵' }),
			null
		);
		expect(bom.map((l) => [l.partCode, l.quantity])).toEqual([
			['PT-BRD', 1],
			['PT-RLY', 2.5]
		]);
		bom = await upsertBomLine(
			fridge.id,
			bomLineSchema.parse({ partId: relay.id, quantity: 3 }),
			null
		);
		expect(bom.find((l) => l.partId === relay.id)?.quantity).toBe(3);
		expect(bom.find((l) => l.partId === board.id)?.partPriceRials).toBe(45_000_000n);

		await expect(
			upsertBomLine(fridge.id, bomLineSchema.parse({ partCode: 'RF-100', quantity: 1 }), null)
		).rejects.toMatchObject({
			fields: { partCode: { key: 'catalog.error.notAPart' } }
		});
		// The board is a sub-assembly with the relay; putting the board into the relay would loop.
		await upsertBomLine(board.id, bomLineSchema.parse({ partId: relay.id, quantity: 1 }), null);
		await expect(
			upsertBomLine(relay.id, bomLineSchema.parse({ partId: board.id, quantity: 1 }), null)
		).rejects.toMatchObject({
			fields: { partId: { key: 'catalog.error.bomLoop' } }
		});

		bom = await removeBomLine(fridge.id, board.id, null);
		expect(bom.map((l) => l.partCode)).toEqual(['PT-RLY']);
		await expect(removeBomLine(fridge.id, board.id, null)).rejects.toMatchObject({ status: 404 });
		expect(await listBom(fridge.id)).toHaveLength(1);

		// A part still on a BOM is referenced: deleting it only deactivates it.
		expect(await removeProduct(relay.id, null)).toBe('deactivated');
		expect((await getProduct(relay.id)).active).toBe(false);
	});
});

describe('units', () => {
	it('keeps serials unique per product whatever digits and separators were typed', async () => {
		const tv = await newProduct({ code: 'TV-55', nameFa: 'تلویزیون ۵۵ اینچ', nameEn: '55" TV' });
		const other = await newProduct({ code: 'TV-65', nameFa: 'تلویزیون ۶۵ اینچ', nameEn: '65" TV' });
		const unit = await createUnit(
			unitCreateSchema.parse({
				productCode: 'tv-55',
				serial: 'SN-۱۲۳۴-AB',
				saleDate: '۱۴۰۴/۰۶/۱۵'
			}),
			null
		);
		expect(unit).toMatchObject({
			serial: 'SN-۱۲۳۴-AB',
			serialNorm: 'SN1234AB',
			productCode: 'TV-55'
		});
		await expect(
			createUnit(unitCreateSchema.parse({ productId: tv.id, serial: 'sn 1234 ab' }), null)
		).rejects.toMatchObject({
			status: 409,
			code: 'duplicate_serial',
			details: { existing: { id: unit.id } }
		});
		const elsewhere = await createUnit(
			unitCreateSchema.parse({ productId: other.id, serial: 'sn1234ab' }),
			null
		);
		expect(elsewhere.productId).toBe(other.id);
		expect((await listUnits({ q: '۱۲۳۴', limit: 10 })).items).toHaveLength(0);
		expect((await listUnits({ q: 'sn-1234', limit: 10 })).items).toHaveLength(2);
	});

	it('imports a CSV all or nothing, with an error for every bad line', async () => {
		await newProduct({ code: 'AC-18', nameFa: 'کولر گازی ۱۸۰۰۰', nameEn: 'AC 18000' });
		const owner = await createCustomer(
			customerCreateSchema.parse({ name: 'نرگس امینی', mobile: '09121110000' }),
			null
		);
		const bad = [
			'کد کالا,سریال,تاریخ فروش,موبایل مالک,نام مالک',
			'AC-18,AC18-0001,1404/05/01,۰۹۱۲۱۱۱۰۰۰۰,',
			'AC-18,ac18 0001,1404/05/02,,',
			'NOPE-1,X-1,,,',
			'AC-18,AC18-0003,1404/13/01,,',
			'AC-18,AC18-0004,,0812,',
			'AC-18,AC18-0005,,09350000000,'
		].join('\r\n');
		const failed = await importUnits(bad, null);
		expect(failed.ok).toBe(false);
		if (failed.ok) return;
		expect(failed.errors.map((e) => [e.line, e.field, e.key])).toEqual([
			[3, 'serial', 'catalog.import.duplicateInFile'],
			[4, 'productCode', 'catalog.import.unknownProduct'],
			[5, 'saleDate', 'catalog.validation.date'],
			[6, 'ownerMobile', 'validation.mobile'],
			[7, 'ownerMobile', 'catalog.import.unknownOwner']
		]);
		expect((await listUnits({ q: 'AC18', limit: 10 })).items).toHaveLength(0);

		const good = [
			'product_code,serial,sale_date,owner_mobile,owner_name',
			'AC-18,AC18-0001,1404/05/01,+98 912 111 0000,',
			'AC-18,AC18-0002,2025-08-01,09350000000,کاوه نیک‌نام',
			'AC-18,AC18-0003,,,'
		].join('\n');
		const imported = await importUnits(good, null);
		expect(imported).toEqual({ ok: true, created: 3, customersCreated: 1 });
		const units = (await listUnits({ q: 'AC18', limit: 10 })).items;
		expect(units.find((u) => u.serial === 'AC18-0001')?.ownerId).toBe(owner.id);
		expect(units.find((u) => u.serial === 'AC18-0002')?.ownerName).toBe('کاوه نیک‌نام');

		const again = await importUnits(good, null);
		expect(again.ok).toBe(false);
		if (!again.ok) expect(again.errors.every((e) => e.key === 'catalog.import.exists')).toBe(true);
	});

	it("keeps a unit's product as a foreign key would: no unit without its product, no product deleted under its units", async () => {
		const db = await getDb();
		const kettle = await newProduct({ code: 'KT-1', nameFa: 'کتری برقی', nameEn: 'Kettle' });
		const spare = await newProduct({ code: 'KT-2', nameFa: 'کتری برقی ۲', nameEn: 'Kettle 2' });
		const unit = await createUnit(
			unitCreateSchema.parse({ productCode: 'KT-1', serial: 'KT-0001' }),
			null
		);

		// A unit naming a product that does not exist is refused with the key's own error.
		const orphan = db
			.insert(schema.units)
			.values({ productId: 2_000_000_000, serial: 'X-1', serialNorm: 'X1' });
		await expect(orphan).rejects.toSatisfy((e) => isForeignKeyViolation(e));
		// So is moving a unit to one, while a move to a real product is allowed.
		await expect(
			db.update(schema.units).set({ productId: 2_000_000_000 }).where(eq(schema.units.id, unit.id))
		).rejects.toSatisfy((e) => isForeignKeyViolation(e));
		await db.update(schema.units).set({ productId: spare.id }).where(eq(schema.units.id, unit.id));
		await db.update(schema.units).set({ productId: kettle.id }).where(eq(schema.units.id, unit.id));

		// A product with units is only deactivated; one without is deleted.
		expect(await removeProduct(kettle.id, null)).toBe('deactivated');
		expect(await removeProduct(spare.id, null)).toBe('deleted');
		await expect(
			db.delete(schema.products).where(eq(schema.products.id, kettle.id))
		).rejects.toSatisfy((e) => isForeignKeyViolation(e));
	});

	it("keeps a card's unit as a foreign key would: no card without its unit, no unit deleted under its cards", async () => {
		const db = await getDb();
		await newProduct({ code: 'KT-3', nameFa: 'کتری برقی ۳', nameEn: 'Kettle 3' });
		const held = await createUnit(
			unitCreateSchema.parse({ productCode: 'KT-3', serial: 'KT-3001' }),
			null
		);
		const spare = await createUnit(
			unitCreateSchema.parse({ productCode: 'KT-3', serial: 'KT-3002' }),
			null
		);
		const card = (serialNorm: string, unitId: number) => ({
			serial: serialNorm,
			serialNorm,
			typeId: 1,
			unitId
		});

		// One bad card fails the whole statement, good ones with it.
		await expect(
			db.insert(schema.warranties).values([card('KC1', held.id), card('KC2', 2_000_000_000)])
		).rejects.toSatisfy((e) => isForeignKeyViolation(e));
		const [inserted] = await db.insert(schema.warranties).values(card('KC1', held.id)).returning();
		await expect(
			db
				.update(schema.warranties)
				.set({ unitId: 2_000_000_000 })
				.where(eq(schema.warranties.id, inserted!.id))
		).rejects.toSatisfy((e) => isForeignKeyViolation(e));

		await expect(db.delete(schema.units).where(eq(schema.units.id, held.id))).rejects.toSatisfy(
			(e) => isForeignKeyViolation(e)
		);
		await db.delete(schema.units).where(eq(schema.units.id, spare.id));
		expect(await db.select().from(schema.units).where(eq(schema.units.id, spare.id))).toEqual([]);
	});
});
