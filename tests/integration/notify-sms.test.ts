// The SMS front door against the loopback Kavenegar: register by serial from a new mobile,
// status queries, estimate answers (once), webhook replay and wrong secret, deliveries that
// survive a killed worker without a second SMS, status checks, error codes, reconciliation.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import { claimNextJob, requeueOrphanedJobs } from '#lib/server/jobs/queue';
import { currentWorkerId, runNextJob } from '#lib/server/jobs/runner';
import {
	DELIVER_JOB,
	getDelivery,
	queueDelivery,
	refreshSmsStatuses
} from '#lib/server/notify/deliveries';
import { reconcileInboundSms } from '#lib/server/notify/inbound';
import { handleKavenegarWebhook } from '#lib/server/notify/webhooks';
import { declareEstimate } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { getRequestTimeline } from '#lib/server/service/timeline';
import { KavenegarClient } from '#lib/server/sms/kavenegar';
import { SmsError } from '#lib/server/sms/provider';
import type { FakeKavenegar } from '../fakes/kavenegar';
import {
	drain,
	FRONT_DOOR_HANDLERS,
	requestRow,
	SMS_SECRET,
	startFakes,
	unassignedCard
} from './notify-fixtures';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let fake: FakeKavenegar;
let stop: () => Promise<void>;
let nextMessageId = 9_000_000;

beforeAll(async () => {
	const fakes = await startFakes();
	fake = fakes.sms;
	stop = fakes.stop;
	world = await buildWorld();
});

afterAll(async () => {
	await stop();
});

/** Posts one inbound SMS to the webhook as Kavenegar forwards it (GET with query fields). */
async function inbound(
	from: string,
	message: string,
	messageid = String(nextMessageId++),
	secret = SMS_SECRET
) {
	const url = new URL(`http://desk.test/api/webhooks/sms/kavenegar/${secret}`);
	url.searchParams.set('messageid', messageid);
	url.searchParams.set('from', from);
	url.searchParams.set('to', fake.line);
	url.searchParams.set('message', message);
	const response = await handleKavenegarWebhook(secret, new Request(url));
	return {
		status: response.status,
		body: (await response.json()) as Record<string, unknown>,
		messageid
	};
}

function randomMobile(): string {
	return `0935${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

describe('SMS front door', () => {
	it('registers a serial texted from a new mobile: customer created, warranty assigned, dates replied', async () => {
		const { warranty } = await unassignedCard(world);
		const mobile = randomMobile();
		// Any digits and separators: Persian digits and a dash in the middle.
		const typed = warranty.serial.replace('77-', '۷۷ - ');
		const posted = await inbound(mobile, typed);
		expect(posted.status).toBe(200);
		await drain();
		const db = await getDb();
		const [customer] = await db
			.select()
			.from(schema.customers)
			.where(eq(schema.customers.mobile, `+98${mobile.slice(1)}`));
		expect(customer).toBeDefined();
		const [card] = await db
			.select()
			.from(schema.warranties)
			.where(eq(schema.warranties.id, warranty.id));
		expect(card!.customerId).toBe(customer!.id);
		const replies = fake.sentTo(mobile);
		expect(replies).toHaveLength(1);
		expect(replies[0]!.message).toContain(warranty.serial);
		expect(replies[0]!.message).toMatch(/ثبت شد/);
		expect(replies[0]!.localid).not.toBeNull();
	});

	it('never reveals a card that belongs to someone else, and throttles serial guessing', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const stranger = randomMobile();
		await inbound(stranger, warranty.serial);
		await drain();
		const reply = fake.sentTo(stranger).at(-1)!.message;
		expect(reply).toMatch(/مشتری دیگری/);
		expect(reply).not.toContain(world.customer.name);
		for (let i = 0; i < 6; i++) await inbound(stranger, `99999${i}123`);
		await drain();
		const last = fake.sentTo(stranger).at(-1)!.message;
		expect(last).toMatch(/تلاش‌های ناموفق/);
	});

	it('does nothing twice for a replayed messageid, and refuses a wrong secret with 401', async () => {
		const mobile = randomMobile();
		const first = await inbound(mobile, 'سلام');
		const again = await inbound(mobile, 'سلام', first.messageid);
		expect(again.body.duplicate).toBe(true);
		await drain();
		expect(fake.sentTo(mobile)).toHaveLength(1);

		const db = await getDb();
		const before = await db.select().from(schema.inboundMessages);
		const wrong = await inbound(randomMobile(), 'سلام', undefined, 'not-the-secret');
		expect(wrong.status).toBe(401);
		expect(await db.select().from(schema.inboundMessages)).toHaveLength(before.length);
	});

	it('answers a status query with the request of the sender only', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'صدای زیاد'
		});
		const seq = String(Number(request.formNumber.split('-').at(-1)));
		const mobile = world.customer.mobile.replace('+98', '0');
		await inbound(mobile, `پیگیری ${seq}`);
		const stranger = randomMobile();
		await inbound(stranger, `status ${seq}`);
		await drain();
		expect(fake.sentTo(mobile).at(-1)!.message).toContain(request.formNumber);
		expect(fake.sentTo(stranger).at(-1)!.message).not.toContain(request.formNumber);
		// Reception's submit sent the "received" notification too, with the form number.
		expect(fake.sentTo(mobile).some((s) => s.message.includes('پذیرش شد'))).toBe(true);
	});

	it('sends the estimate by SMS; "1" approves it once, a second answer changes nothing', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'خاموش می‌شود'
		});
		await issueOrder(world.actors.dispatcher, {
			requestId: request.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id,
			serviceId: world.service.id,
			workTypeId: world.workType.id,
			serviceTypeId: world.serviceType.id
		});
		await declareEstimate(world.actors.technician, {
			requestId: request.id,
			lines: [
				{ kind: 'labour', description: 'تعویض ترموستات', quantity: 1, unitPriceRials: 4_500_000 }
			]
		});
		await drain();
		const mobile = world.customer.mobile.replace('+98', '0');
		const estimateSms = fake
			.sentTo(mobile)
			.find((s) => s.message.includes(request.formNumber) && s.message.includes('ریال'));
		expect(estimateSms?.message).toMatch(/«۱»/);

		await inbound(mobile, '۱');
		await drain();
		expect((await requestRow(request.id)).status).toBe('cost_approved');
		expect(fake.sentTo(mobile).at(-1)!.message).toMatch(/تأیید هزینه/);

		await inbound(mobile, 'خیر');
		await drain();
		expect((await requestRow(request.id)).status).toBe('cost_approved');
		const db = await getDb();
		const [estimate] = await db
			.select()
			.from(schema.estimates)
			.where(eq(schema.estimates.requestId, request.id));
		expect(estimate!.answeredVia).toBe('sms');
		expect(fake.sentTo(mobile).at(-1)!.message).toMatch(/پیش‌تر پاسخ/);

		// The timeline shows the messages that went out for this request.
		const timeline = await getRequestTimeline(world.actors.supervisor, request.id);
		expect(timeline.some((e) => e.action === 'notification_sent')).toBe(true);
	});

	it('sends exactly once when the worker is killed mid-send (same localid on retry)', async () => {
		const db = await getDb();
		const mobile = randomMobile();
		const id = await db.transaction((tx) =>
			queueDelivery(tx, {
				dedupeKey: `test:kill:${mobile}`,
				templateKey: 'reply',
				channel: 'sms',
				address: `+98${mobile.slice(1)}`,
				locale: 'fa',
				body: 'پیام آزمایشی'
			})
		);
		// A dead worker claimed the job, marked the delivery sending and reached Kavenegar…
		const job = await claimNextJob('dead-worker', [DELIVER_JOB]);
		expect(job?.payload.deliveryId).toBe(id);
		await db
			.update(schema.notificationDeliveries)
			.set({ status: 'sending', attempts: 1 })
			.where(eq(schema.notificationDeliveries.id, id!));
		const client = new KavenegarClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 2000 });
		await client.send({ receptor: mobile, message: 'پیام آزمایشی', localId: String(id) });
		// …and died before recording it. Its job is re-queued and run again here.
		expect(await requeueOrphanedJobs(currentWorkerId(), { all: true })).toBeGreaterThanOrEqual(1);
		await runNextJob(FRONT_DOOR_HANDLERS);
		expect(fake.sentTo(mobile)).toHaveLength(1);
		expect((await getDelivery(id!))!.status).toBe('sent');
	});

	it('retries a send whose answer was lost, without a second SMS', async () => {
		const db = await getDb();
		const mobile = randomMobile();
		const id = await db.transaction((tx) =>
			queueDelivery(tx, {
				dedupeKey: `test:drop:${mobile}`,
				templateKey: 'reply',
				channel: 'sms',
				address: `+98${mobile.slice(1)}`,
				locale: 'fa',
				body: 'پیام دوم'
			})
		);
		// Every attempt of the client's own safe retry (localid) loses its answer too.
		fake.dropResponses = 3;
		await runNextJob(FRONT_DOOR_HANDLERS);
		const waiting = await getDelivery(id!);
		expect(waiting!.status).toBe('queued');
		expect(waiting!.lastError).toMatch(/network|timeout/);
		// Skip the backoff wait.
		await db
			.update(schema.jobs)
			.set({ runAfter: null })
			.where(and(eq(schema.jobs.kind, DELIVER_JOB), eq(schema.jobs.status, 'queued')));
		await drain();
		expect(fake.sentTo(mobile)).toHaveLength(1);
		expect((await getDelivery(id!))!.status).toBe('sent');
	});

	it('maps Kavenegar error codes: no credit fails the delivery with a clear reason', async () => {
		const db = await getDb();
		const mobile = randomMobile();
		fake.failures.push(418);
		const id = await db.transaction((tx) =>
			queueDelivery(tx, {
				dedupeKey: `test:credit:${mobile}`,
				templateKey: 'reply',
				channel: 'sms',
				address: `+98${mobile.slice(1)}`,
				locale: 'fa',
				body: 'بدون اعتبار'
			})
		);
		await drain();
		const failed = await getDelivery(id!);
		expect(failed!.status).toBe('failed');
		expect(failed!.lastError).toMatch(/no_credit/);
		const client = new KavenegarClient({ apiKey: 'wrong', baseUrl: fake.url, timeoutMs: 2000 });
		await expect(client.send({ receptor: mobile, message: 'x' })).rejects.toMatchObject({
			code: 'unauthorized'
		});
		await expect(
			new KavenegarClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 2000 }).send({
				receptor: '123',
				message: 'x'
			})
		).rejects.toBeInstanceOf(SmsError);
	});

	it('records delivered status from Kavenegar on the delivery and the timeline', async () => {
		fake.deliveryStatus = 10;
		const db = await getDb();
		await db.update(schema.notificationDeliveries).set({ statusCheckedAt: null });
		const changed = await refreshSmsStatuses();
		expect(changed).toBeGreaterThan(0);
		const delivered = await db
			.select()
			.from(schema.notificationDeliveries)
			.where(eq(schema.notificationDeliveries.status, 'delivered'));
		expect(delivered.length).toBe(changed);
		const withRequest = delivered.find((d) => d.requestId !== null);
		if (withRequest) {
			const timeline = await getRequestTimeline(world.actors.supervisor, withRequest.requestId!);
			expect(timeline.some((e) => e.action === 'notification_delivered')).toBe(true);
		}
	});

	it('picks up messages the webhook missed from Kavenegar’s receive API', async () => {
		const mobile = randomMobile();
		fake.receive(mobile, 'سلام');
		expect(await reconcileInboundSms()).toBe(1);
		expect(await reconcileInboundSms()).toBe(0);
		await drain();
		expect(fake.sentTo(mobile)).toHaveLength(1);
	});
});
