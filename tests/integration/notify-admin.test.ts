// Template editing by admins (checked placeholders, used by the next message, reset to default),
// permissions on the admin services, the recent-deliveries list, and staff Telegram link codes.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import {
	createTelegramLinkCode,
	listRecentDeliveries,
	saveTemplateAsAdmin,
	templatesForAdmin
} from '#lib/server/notify/admin';
import { receiveRequest } from '#lib/server/service/reception';
import type { FakeKavenegar } from '../fakes/kavenegar';
import { drain, startFakes } from './notify-fixtures';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let fake: FakeKavenegar;
let stop: () => Promise<void>;

beforeAll(async () => {
	const fakes = await startFakes();
	fake = fakes.sms;
	stop = fakes.stop;
	world = await buildWorld();
});

afterAll(async () => {
	await stop();
});

describe('notification templates and admin', () => {
	it('lets admins reword a template in each language, refuses unknown placeholders, and uses it at once', async () => {
		const admin = world.actors.admin;
		await expect(
			saveTemplateAsAdmin(admin, {
				key: 'request.received',
				channel: 'sms',
				locale: 'fa',
				body: 'سلام {nobody}'
			})
		).rejects.toMatchObject({ status: 422, code: 'unknown_placeholder' });
		await expect(
			saveTemplateAsAdmin(world.actors.reception, {
				key: 'request.received',
				channel: 'sms',
				locale: 'fa',
				body: 'x'
			})
		).rejects.toMatchObject({ status: 403 });
		await saveTemplateAsAdmin(admin, {
			key: 'request.received',
			channel: 'sms',
			locale: 'fa',
			body: 'دستگاه شما با شمارهٔ {formNumber} پذیرش شد — متن ویژه'
		});
		const rows = await templatesForAdmin(admin);
		const cell = rows.find(
			(r) => r.key === 'request.received' && r.channel === 'sms' && r.locale === 'fa'
		);
		expect(cell?.customised).toBe(true);
		expect(rows.filter((r) => r.key === 'estimate.declared')).toHaveLength(4);

		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'آزمایش قالب'
		});
		await drain();
		const sent = fake.sentTo(world.customer.mobile).at(-1)!;
		expect(sent.message).toBe(`دستگاه شما با شمارهٔ ${request.formNumber} پذیرش شد — متن ویژه`);

		// An empty body goes back to the built-in wording.
		await saveTemplateAsAdmin(admin, {
			key: 'request.received',
			channel: 'sms',
			locale: 'fa',
			body: ''
		});
		const again = await templatesForAdmin(admin);
		expect(
			again.find((r) => r.key === 'request.received' && r.channel === 'sms' && r.locale === 'fa')
				?.customised
		).toBe(false);

		const recent = await listRecentDeliveries(admin);
		expect(recent[0]?.request?.formNumber).toBe(request.formNumber);
		expect(recent[0]?.to).toMatch(/\*\*\*/);
		await expect(listRecentDeliveries(world.actors.technician)).rejects.toMatchObject({
			status: 403
		});
	});

	it('skips non-essential messages for customers who opted out', async () => {
		const db = await getDb();
		await db
			.update(schema.customers)
			.set({ marketingOptOut: true })
			.where(eq(schema.customers.id, world.customer.id));
		const { warranty } = await world.newWarrantedUnit();
		const before = fake.sentTo(world.customer.mobile).length;
		await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'لغو اشتراک'
		});
		await drain();
		// "Received" is essential: it still goes out.
		expect(fake.sentTo(world.customer.mobile).length).toBe(before + 1);
		await db
			.update(schema.customers)
			.set({ marketingOptOut: false })
			.where(eq(schema.customers.id, world.customer.id));
	});

	it('gives staff a one-time Telegram link code', async () => {
		const { code, expiresAt } = await createTelegramLinkCode(world.actors.technician);
		expect(code).toMatch(/^S[\w-]{12}$/);
		expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
	});
});
