import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import type { AppError } from '#lib/server/http/errors';
import {
	lookupReception,
	receiveRequest,
	submitDraft,
	updateRequestDetails
} from '#lib/server/service/reception';
import { transitionRequest } from '#lib/server/service/transition';
import { buildWorld, eventsOf, historyOf, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

describe('reception', () => {
	it('receives by warranty serial, finds unit, product, customer and coverage, and submits', async () => {
		const { unit, warranty } = await world.newWarrantedUnit();
		const lookup = await lookupReception(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial.toLowerCase()
		});
		expect(lookup.target.unit?.id).toBe(unit.id);
		expect(lookup.target.coverage).toBe('active');
		expect(lookup.target.daysLeft).toBeGreaterThan(400);
		expect(lookup.owner?.id).toBe(world.customer.id);

		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			delivererName: 'علي رضايي',
			complaint: 'یخچال برفک می‌زند',
			accessories: 'سینی یخ',
			condition: 'خط‌وخش جزئی روی در'
		});
		expect(request.status).toBe('awaiting_assignment');
		expect(request.unitId).toBe(unit.id);
		expect(request.warrantyId).toBe(warranty.id);
		expect(request.customerId).toBe(world.customer.id);
		expect(request.coverage).toBe('active');
		expect(request.formNumber).toMatch(new RegExp(`^${world.branchA.code}-\\d{4}-\\d{6}$`));
		const [stored] = await (
			await getDb()
		)
			.select()
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.id, request.id));
		expect(stored!.searchText).toContain('علی رضایی');
		const events = await eventsOf('service_request', request.id);
		expect(events.map((e) => e.type)).toEqual([
			'service_request.created',
			'service_request.status_changed'
		]);
		expect(events[1]!.branchId).toBe(world.branchA.id);
	});

	it('keeps a draft and submits it later, refusing a stale version', async () => {
		const { unit } = await world.newWarrantedUnit();
		const draft = await receiveRequest(world.actors.reception, {
			by: 'product_serial',
			key: unit.serial,
			submit: false
		});
		expect(draft.status).toBe('draft');
		await expect(submitDraft(world.actors.reception, draft.id, {})).rejects.toMatchObject({
			status: 422,
			fields: { complaint: { key: 'service.error.complaintRequired' } }
		});
		const edited = await updateRequestDetails(world.actors.reception, draft.id, {
			version: draft.version,
			complaint: 'لباسشویی آب را تخلیه نمی‌کند'
		});
		await expect(
			updateRequestDetails(world.actors.reception, draft.id, {
				version: draft.version,
				complaint: 'x'
			})
		).rejects.toMatchObject({ status: 409, code: 'stale' });
		const submitted = await submitDraft(world.actors.reception, draft.id, {
			version: edited.version
		});
		expect(submitted.status).toBe('awaiting_assignment');
		const rows = await historyOf('service_request', draft.id);
		expect(rows.map((r) => r.action)).toEqual(['created', 'updated', 'status_changed']);
	});

	it('creates the customer from name and mobile typed with Persian digits', async () => {
		const request = await receiveRequest(world.actors.reception, {
			by: 'product_code',
			key: world.fridge.code.toLowerCase(),
			customerName: 'مريم كاظمي',
			customerMobile: '۰۹۳۵ ۱۱۱ ۲۲۳۳',
			complaint: 'صدای زیاد'
		});
		expect(request.unitId).toBeNull();
		expect(request.coverage).toBe('none');
		const [customer] = await (
			await getDb()
		)
			.select()
			.from(schema.customers)
			.where(eq(schema.customers.id, request.customerId!));
		expect(customer!.mobile).toBe('+989351112233');
	});

	it('refuses unknown serials on the key field', async () => {
		await expect(
			receiveRequest(world.actors.reception, {
				by: 'warranty_serial',
				key: 'NOPE-1',
				complaint: 'x',
				customerId: world.customer.id
			})
		).rejects.toMatchObject({
			status: 422,
			fields: { key: { key: 'service.error.warrantyNotFound' } }
		});
	});
});

describe('transitions', () => {
	it('refuses a move the table forbids, naming the allowed ones', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'x'
		});
		const db = await getDb();
		const refused = await db
			.transaction((tx) =>
				transitionRequest(tx, world.actors.supervisor, request.id, 'delivered', {
					version: request.version
				})
			)
			.catch((error: unknown) => error as AppError);
		expect(refused).toMatchObject({ status: 409, code: 'transition_forbidden' });
		expect((refused as AppError).details?.allowed).toEqual(['awaiting_cost', 'cancelled']);
	});

	it('leaves neither the change nor its event when the transaction fails after the update', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'x'
		});
		const before = await eventsOf('service_request', request.id);
		const db = await getDb();
		await expect(
			db.transaction(async (tx) => {
				await transitionRequest(tx, world.actors.supervisor, request.id, 'cancelled', {
					reason: 'آزمایش',
					version: request.version
				});
				throw new Error('crash after the update');
			})
		).rejects.toThrow('crash after the update');
		const [after] = await db
			.select()
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.id, request.id));
		expect(after!.status).toBe('awaiting_assignment');
		expect(after!.version).toBe(request.version);
		expect(await eventsOf('service_request', request.id)).toHaveLength(before.length);
	});
});
