import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { entriesOfSource } from '#lib/server/billing/ledger';
import { trialBalance } from '#lib/server/billing/reports';
import { getDb, schema } from '#lib/server/db';
import { deliver, replaceUnit } from '#lib/server/service/closing';
import { declareNoCost } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import {
	createDocument,
	listDocuments,
	postDocument,
	reverseDocument
} from '#lib/server/stock/documents';
import { stockOnHand } from '#lib/server/stock/warehouses';
import type { Warehouse, WarehouseKind } from '#lib/server/db/schema';
import { AppError } from '#lib/server/http/errors';
import { errorResponse } from '#lib/server/http/api';
import { buildBooksWorld } from './billing-fixtures';
import type { World } from './service-fixtures';

let world: World;
let stores: Record<WarehouseKind, Warehouse>;

beforeAll(async () => {
	({ world, stores } = await buildBooksWorld());
	const opening = await createDocument(world.actors.admin, {
		branchId: world.branchA.id,
		kind: 'receipt',
		note: 'موجودی اول دوره',
		moves: [
			{
				warehouseId: stores.main.id,
				productId: world.compressor.id,
				quantity: 2,
				unitCostRials: '60000000',
				serial: ''
			},
			{
				warehouseId: stores.main.id,
				productId: world.thermostat.id,
				quantity: 5,
				unitCostRials: 2_000_000
			}
		]
	});
	await postDocument(world.actors.admin, opening.id);
});

async function quantity(kind: WarehouseKind, productId: number): Promise<number> {
	const rows = await stockOnHand(world.actors.admin, stores[kind].id);
	return rows.find((r) => r.productId === productId)?.quantity ?? 0;
}

async function receiveWarranted() {
	const { unit, warranty } = await world.newWarrantedUnit();
	const request = await receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: warranty.serial,
		counterId: world.counters[0]!.id,
		delivererName: 'حسین احمدی',
		complaint: 'یخچال سرد نمی‌کند'
	});
	return { unit, request };
}

async function repairUnderWarranty(requestId: number, removedSerial: string) {
	const order = await issueOrder(world.actors.dispatcher, {
		requestId,
		technicianId: world.actors.technician.user.id,
		priorityId: world.priority.id,
		serviceId: world.service.id,
		workTypeId: world.workType.id,
		serviceTypeId: world.serviceType.id
	});
	await declareNoCost(world.actors.technician, requestId);
	await startRepair(world.actors.technician, requestId);
	return logWork(world.actors.technician, {
		orderId: order.id,
		durationMinutes: 60,
		description: 'کمپرسور تعویض شد',
		parts: [
			{
				productId: world.compressor.id,
				quantity: 1,
				newSerial: `NEW-${removedSerial}`,
				removedSerial
			}
		]
	});
}

describe('warehouse documents of a warranty repair', () => {
	it('receives the unit on consignment, issues the part at QC approval, scraps the old part and returns the unit at delivery', async () => {
		const { unit, request } = await receiveWarranted();
		let consignment = await stockOnHand(world.actors.admin, stores.consignment.id);
		expect(consignment.find((r) => r.productId === world.fridge.id)?.serials).toContain(
			unit.serial
		);

		const log = await repairUnderWarranty(request.id, 'CP-OLD-1');
		let docs = await listDocuments(world.actors.admin, { requestId: request.id });
		const issue = docs.find((d) => d.kind === 'warranty_issue')!;
		const scrap = docs.find((d) => d.kind === 'scrap_receipt')!;
		expect(issue.status).toBe('draft');
		expect(issue.workLogId).toBe(log.id);
		expect(issue.number).toMatch(new RegExp(`^${world.branchA.code}-\\d{4}-S\\d{6}$`));
		expect(scrap.status).toBe('draft');
		expect(await quantity('main', world.compressor.id)).toBe(2);

		await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 90 });
		docs = await listDocuments(world.actors.admin, { requestId: request.id });
		expect(docs.find((d) => d.kind === 'warranty_issue')!.status).toBe('posted');
		expect(docs.find((d) => d.kind === 'scrap_receipt')!.status).toBe('posted');
		expect(await quantity('main', world.compressor.id)).toBe(1);
		const scrapped = await stockOnHand(world.actors.admin, stores.scrap.id);
		expect(scrapped.find((r) => r.productId === world.compressor.id)?.serials).toContain(
			'CP-OLD-1'
		);

		const db = await getDb();
		const [entry] = await entriesOfSource(db, 'stock_document', [issue.id]);
		expect(entry!.totalDebitRials).toBe(60_000_000n);
		expect(entry!.lines.map((l) => [l.role, l.debitRials, l.creditRials])).toEqual([
			['warranty_expense', 60_000_000n, 0n],
			['inventory', 0n, 60_000_000n]
		]);
		expect(entry!.lines.find((l) => l.role === 'warranty_expense')!.accountNameFa).toBe(
			'هزینهٔ گارانتی'
		);

		await deliver(world.actors.reception, request.id, { receivedByName: 'رضا محمدی' });
		consignment = await stockOnHand(world.actors.admin, stores.consignment.id);
		expect(consignment.flatMap((r) => r.serials)).not.toContain(unit.serial);
		docs = await listDocuments(world.actors.admin, { requestId: request.id });
		expect(
			docs.filter((d) => d.kind === 'consignment_return' && d.status === 'posted')
		).toHaveLength(1);

		const today = new Date().toISOString().slice(0, 10);
		const balance = await trialBalance(world.actors.admin, { from: today, to: today });
		expect(balance.totalDebitRials).toBe(balance.totalCreditRials);
		expect(balance.lines.find((l) => l.code === '5201')?.debitRials).toBeGreaterThanOrEqual(
			60_000_000n
		);
	});

	it('takes a replaced unit out of the consignment store', async () => {
		const { unit, request } = await receiveWarranted();
		await issueOrder(world.actors.dispatcher, {
			requestId: request.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id
		});
		await replaceUnit(world.actors.supervisor, request.id, {
			newSerial: `RPL-${unit.serial}`,
			reason: 'تعمیر ممکن نیست'
		});
		const consignment = await stockOnHand(world.actors.admin, stores.consignment.id);
		expect(consignment.flatMap((r) => r.serials)).not.toContain(unit.serial);
	});

	it('refuses QC approval when the part is not in stock, naming the shortfall', async () => {
		const { request } = await receiveWarranted();
		// One compressor left after the first test; take it out so the store is empty.
		const out = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'transfer',
			moves: [
				{ warehouseId: stores.main.id, productId: world.compressor.id, quantity: -1 },
				{ warehouseId: stores.scrap.id, productId: world.compressor.id, quantity: 1 }
			]
		});
		await postDocument(world.actors.admin, out.id);
		expect(await quantity('main', world.compressor.id)).toBe(0);
		const log = await repairUnderWarranty(request.id, 'CP-OLD-2');
		const refused = await qcReview(world.actors.qc, log.id, {
			decision: 'approve',
			score: 80
		}).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(AppError);
		expect((refused as AppError).status).toBe(409);
		expect((refused as AppError).code).toBe('insufficient_stock');
		expect((refused as AppError).details).toMatchObject({
			shortfalls: [{ productId: world.compressor.id, available: 0, required: 1, shortfall: 1 }]
		});
		// The refused approval left nothing behind: the work log still waits for QC.
		const [stillSubmitted] = await (
			await getDb()
		)
			.select()
			.from(schema.workLogs)
			.where(eq(schema.workLogs.id, log.id));
		expect(stillSubmitted!.status).toBe('submitted');

		// Reversing the transfer puts the compressor back; now the approval goes through.
		await reverseDocument(world.actors.admin, out.id, { note: 'اشتباه' });
		expect(await quantity('main', world.compressor.id)).toBe(1);
		await qcReview(world.actors.qc, log.id, { decision: 'approve', score: 80 });
		expect(await quantity('main', world.compressor.id)).toBe(0);
	});

	it('keeps posted documents immutable and reverses them with a mirror document', async () => {
		const doc = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'receipt',
			moves: [
				{
					warehouseId: stores.main.id,
					productId: world.thermostat.id,
					quantity: 3,
					unitCostRials: 2_000_000
				}
			]
		});
		await postDocument(world.actors.admin, doc.id);
		await expect(postDocument(world.actors.admin, doc.id)).rejects.toMatchObject({
			status: 409,
			code: 'document_not_draft'
		});
		const before = await quantity('main', world.thermostat.id);
		const mirror = await reverseDocument(world.actors.admin, doc.id);
		expect(mirror.reversesId).toBe(doc.id);
		expect(await quantity('main', world.thermostat.id)).toBe(before - 3);
		await expect(reverseDocument(world.actors.admin, doc.id)).rejects.toMatchObject({
			status: 409
		});
		const db = await getDb();
		const [entry] = await entriesOfSource(db, 'stock_document', [mirror.id]);
		expect(entry!.lines.map((l) => [l.role, l.debitRials])).toEqual([
			['payables', 6_000_000n],
			['inventory', 0n]
		]);
		// The database itself refuses to edit a posted journal entry.
		await expect(
			db
				.update(schema.journalEntries)
				.set({ description: 'x' })
				.where(eq(schema.journalEntries.id, entry!.id))
		).rejects.toThrow();
	});

	it('refuses an unbalanced journal entry in the database', async () => {
		const db = await getDb();
		const [account] = await db
			.select()
			.from(schema.accounts)
			.where(eq(schema.accounts.code, '1101'));
		await expect(
			db.transaction(async (tx) => {
				const [entry] = await tx
					.insert(schema.journalEntries)
					.values({
						entryDate: new Date(),
						sourceType: 'manual',
						sourceId: 0,
						totalDebitRials: 10n,
						totalCreditRials: 10n
					})
					.returning();
				await tx.insert(schema.journalLines).values([
					{ entryId: entry!.id, accountId: account!.id, debitRials: 10n },
					{ entryId: entry!.id, accountId: account!.id, creditRials: 9n }
				]);
			})
		).rejects.toThrow();
		const left = await db
			.select()
			.from(schema.journalEntries)
			.where(and(eq(schema.journalEntries.sourceType, 'manual')));
		expect(left).toHaveLength(0);
	});

	it('lets only one of two concurrent postings take the last unit', async () => {
		const part = world.thermostat.id;
		const onHandNow = await quantity('main', part);
		const drain = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'transfer',
			moves: [
				{ warehouseId: stores.main.id, productId: part, quantity: -(onHandNow - 1) },
				{ warehouseId: stores.scrap.id, productId: part, quantity: onHandNow - 1 }
			]
		});
		await postDocument(world.actors.admin, drain.id);
		expect(await quantity('main', part)).toBe(1);
		const drafts = await Promise.all(
			[1, 2].map(() =>
				createDocument(world.actors.admin, {
					branchId: world.branchA.id,
					kind: 'sales_issue',
					moves: [{ warehouseId: stores.main.id, productId: part, quantity: -1 }]
				})
			)
		);
		const results = await Promise.allSettled(
			drafts.map((d) => postDocument(world.actors.admin, d.id))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(failed.reason).toMatchObject({ status: 409, code: 'insufficient_stock' });
		expect(await quantity('main', part)).toBe(0);
	});

	it('lets a warehouse that allows negative stock go below zero', async () => {
		const db = await getDb();
		await db
			.update(schema.warehouses)
			.set({ allowNegative: true })
			.where(eq(schema.warehouses.id, stores.scrap.id));
		const doc = await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'scrap_return',
			moves: [{ warehouseId: stores.scrap.id, productId: world.fridge.id, quantity: -1 }]
		});
		await postDocument(world.actors.admin, doc.id);
		expect(await quantity('scrap', world.fridge.id)).toBe(-1);
		await db
			.update(schema.warehouses)
			.set({ allowNegative: false })
			.where(eq(schema.warehouses.id, stores.scrap.id));
	});

	it('refuses a manual sales return with a translated 422 on kind: only a credit note makes one', async () => {
		const refused = (await createDocument(world.actors.admin, {
			branchId: world.branchA.id,
			kind: 'sales_return',
			moves: [
				{
					warehouseId: stores.main.id,
					productId: world.compressor.id,
					quantity: 1,
					unitCostRials: '60000000'
				}
			]
		}).catch((e: unknown) => e)) as AppError;
		expect(refused).toBeInstanceOf(AppError);
		expect(refused.fields?.kind?.key).toBe('creditNote.error.manualSalesReturn');
		// What the API answers (POST /api/v1/stock-documents), in each language.
		for (const [locale, words] of [
			['fa', 'اعلامیهٔ بستانکار'],
			['en', 'credit note']
		] as const) {
			const response = errorResponse(refused, locale);
			expect(response.status).toBe(422);
			const body = (await response.json()) as { error: { fields: { kind: string } } };
			expect(body.error.fields.kind).toContain(words);
		}
		const returns = await listDocuments(world.actors.admin, { kind: 'sales_return' });
		expect(returns).toHaveLength(0);
	});
});
