// Telegram has no idempotency key, so a crash mid-send must not turn into a second message:
// a delivery whose worker dies with the request on the wire (the loopback Bot API received it
// and never answered) is marked uncertain, shown on the timeline and in the admin list, and
// only staff send it again; a lost answer is uncertain too; a crash before anything left, or a
// connection that never opened, is simply retried. Bot replies sent from a replayed update job
// are not repeated either.
import { and, eq } from 'drizzle-orm';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '#lib/server/config';
import { getDb, schema } from '#lib/server/db';
import { claimNextJob, enqueueJob, requeueOrphanedJobs } from '#lib/server/jobs/queue';
import { currentWorkerId, runNextJob } from '#lib/server/jobs/runner';
import { listRecentDeliveries, resendUncertainAsAdmin } from '#lib/server/notify/admin';
import { DELIVER_JOB, getDelivery, queueDelivery } from '#lib/server/notify/deliveries';
import { runSmsMaintenance } from '#lib/server/notify/index';
import { TELEGRAM_UPDATE_JOB } from '#lib/server/notify/inbound';
import { handleTelegramWebhook } from '#lib/server/notify/webhooks';
import { receiveRequest } from '#lib/server/service/reception';
import { getRequestTimeline } from '#lib/server/service/timeline';
import type { FakeTelegram } from '../fakes/telegram-bot-api';
import { drain, FRONT_DOOR_HANDLERS, startFakes, TG_SECRET } from './notify-fixtures';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let tg: FakeTelegram;
let stop: () => Promise<void>;
let nextChat = 93_000_000 + Math.floor(Math.random() * 1_000_000);

beforeAll(async () => {
	const fakes = await startFakes();
	tg = fakes.tg;
	stop = fakes.stop;
	world = await buildWorld();
});

afterAll(async () => {
	await stop();
});

/** A Telegram notification about a fresh request, queued like the feed queues one. */
async function queueTelegram(chat: number, withRequest = true) {
	let requestId: number | null = null;
	if (withRequest) {
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'صدای زیاد'
		});
		requestId = request.id;
	}
	// Whatever the request itself caused is sent first, so the next job is ours.
	await drain();
	const db = await getDb();
	const id = await db.transaction((tx) =>
		queueDelivery(tx, {
			dedupeKey: `test:tg:${chat}`,
			templateKey: 'request.status_changed',
			channel: 'telegram',
			requestId,
			address: String(chat),
			locale: 'fa',
			body: `وضعیت دستگاه شما تغییر کرد (${chat})`
		})
	);
	return { id: id!, requestId };
}

/** The worker running the current job dies: its heartbeat stops and another process requeues it. */
async function workerDies() {
	const db = await getDb();
	await db
		.update(schema.jobs)
		.set({ workerId: 'dead-worker', heartbeatAt: new Date(Date.now() - 3_600_000) })
		.where(eq(schema.jobs.status, 'running'));
	expect(await requeueOrphanedJobs(currentWorkerId(), { staleSeconds: 30 })).toBe(1);
}

async function postUpdate(update: Record<string, unknown>) {
	const response = await handleTelegramWebhook(
		new Request('http://desk.test/api/webhooks/telegram', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
			body: JSON.stringify(update)
		})
	);
	expect(response.status).toBe(200);
}

async function replyRow(updateId: number, n = 0) {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(schema.notificationDeliveries)
		.where(eq(schema.notificationDeliveries.dedupeKey, `tg-reply:${updateId}:${n}`));
	return row;
}

describe('Telegram sends across crashes', () => {
	it('does not resend a message that was on the wire when its worker died; staff can', async () => {
		const chat = nextChat++;
		const { id, requestId } = await queueTelegram(chat);
		tg.hang = 1;
		const arrived = tg.nextMessageTo(chat);
		const dying = runNextJob(FRONT_DOOR_HANDLERS);
		await arrived;
		// Telegram has the message; the row says it was on the wire.
		expect((await getDelivery(id))!.status).toBe('in_flight');

		await workerDies();
		const rerun = await runNextJob(FRONT_DOOR_HANDLERS);
		expect(rerun?.report).toMatchObject({ deliveryId: id, status: 'uncertain' });
		expect(tg.messagesTo(chat)).toHaveLength(1);
		expect((await getDelivery(id))!.status).toBe('uncertain');
		expect(await drain()).toBe(0);
		expect(tg.messagesTo(chat)).toHaveLength(1);

		// Staff see it on the request's timeline and in the admin list.
		const timeline = await getRequestTimeline(world.actors.supervisor, requestId!);
		expect(
			timeline.filter((e) => e.action === 'notification_uncertain' && e.changes.deliveryId === id)
		).toHaveLength(1);
		const listed = (await listRecentDeliveries(world.actors.admin)).find((d) => d.id === id);
		expect(listed?.status).toBe('uncertain');

		// The dead worker's connection finally drops; that changes nothing.
		tg.releaseHeld();
		await dying;
		expect((await getDelivery(id))!.status).toBe('uncertain');
		expect(tg.messagesTo(chat)).toHaveLength(1);

		// Sending again is a person's decision (admin/manage), once.
		await expect(resendUncertainAsAdmin(world.actors.reception, id)).rejects.toMatchObject({
			status: 403
		});
		await resendUncertainAsAdmin(world.actors.admin, id);
		await expect(resendUncertainAsAdmin(world.actors.admin, id)).rejects.toMatchObject({
			status: 409
		});
		await drain();
		expect(tg.messagesTo(chat)).toHaveLength(2);
		expect((await getDelivery(id))!.status).toBe('sent');
		const after = await getRequestTimeline(world.actors.supervisor, requestId!);
		const resent = after.find(
			(e) => e.action === 'notification_resent' && e.changes.deliveryId === id
		);
		expect(resent?.actor?.id).toBe(world.actors.admin.user.id);
	});

	it('settles a send left in flight by a job that died for good as uncertain', async () => {
		const db = await getDb();
		const chat = nextChat++;
		const { id } = await queueTelegram(chat, false);
		// Its job failed while recording, long ago, and will never run again.
		await db
			.update(schema.jobs)
			.set({ status: 'failed', finishedAt: new Date() })
			.where(and(eq(schema.jobs.kind, DELIVER_JOB), eq(schema.jobs.status, 'queued')));
		await db
			.update(schema.notificationDeliveries)
			.set({ status: 'in_flight', attempts: 1, updatedAt: new Date(Date.now() - 3_600_000) })
			.where(eq(schema.notificationDeliveries.id, id));
		expect((await runSmsMaintenance()).uncertain).toBe(1);
		expect((await getDelivery(id))!.status).toBe('uncertain');
		expect(tg.messagesTo(chat)).toHaveLength(0);
		// A send in flight right now is left alone.
		const live = await queueTelegram(nextChat++, false);
		await db
			.update(schema.notificationDeliveries)
			.set({ status: 'in_flight', attempts: 1, updatedAt: new Date() })
			.where(eq(schema.notificationDeliveries.id, live.id));
		expect((await runSmsMaintenance()).uncertain).toBe(0);
		expect((await getDelivery(live.id))!.status).toBe('in_flight');
		// Tidy up for the next test: that one "finishes" as sent.
		await db
			.update(schema.notificationDeliveries)
			.set({ status: 'sent' })
			.where(eq(schema.notificationDeliveries.id, live.id));
		await db
			.update(schema.jobs)
			.set({ status: 'failed', finishedAt: new Date() })
			.where(and(eq(schema.jobs.kind, DELIVER_JOB), eq(schema.jobs.status, 'queued')));
	});

	it('marks a send whose answer was lost uncertain instead of sending it again', async () => {
		const chat = nextChat++;
		const { id } = await queueTelegram(chat, false);
		tg.cut = 1;
		const run = await runNextJob(FRONT_DOOR_HANDLERS);
		expect(run?.report).toMatchObject({ deliveryId: id, status: 'uncertain' });
		await drain();
		expect(tg.messagesTo(chat)).toHaveLength(1);
		const row = await getDelivery(id);
		expect(row!.status).toBe('uncertain');
		expect(row!.lastError).toMatch(/answer lost/);
	});

	it('retries a send that crashed before going on the wire, and one whose connection never opened', async () => {
		const db = await getDb();
		// A worker claimed it and died before the request left: nothing lost, sent once.
		const chat = nextChat++;
		const { id } = await queueTelegram(chat, false);
		const job = await claimNextJob('dead-worker', [DELIVER_JOB]);
		expect(job?.payload.deliveryId).toBe(id);
		await db
			.update(schema.notificationDeliveries)
			.set({ status: 'sending', attempts: 1 })
			.where(eq(schema.notificationDeliveries.id, id));
		expect(await requeueOrphanedJobs(currentWorkerId(), { all: true })).toBe(1);
		await runNextJob(FRONT_DOOR_HANDLERS);
		expect(tg.messagesTo(chat)).toHaveLength(1);
		expect((await getDelivery(id))!.status).toBe('sent');

		// Telegram unreachable (connection refused): provably not sent, so retried later.
		const other = nextChat++;
		const queued = await queueTelegram(other, false);
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const root = process.env.TELEGRAM_API_ROOT;
		process.env.TELEGRAM_API_ROOT = `http://127.0.0.1:${port}`;
		resetConfig();
		try {
			const run = await runNextJob(FRONT_DOOR_HANDLERS);
			expect(run?.report).toMatchObject({ deliveryId: queued.id, status: 'retrying' });
		} finally {
			process.env.TELEGRAM_API_ROOT = root;
			resetConfig();
		}
		const waiting = await getDelivery(queued.id);
		expect(waiting!.status).toBe('queued');
		expect(waiting!.lastError).toMatch(/not sent/);
		// Skip the backoff wait.
		await db
			.update(schema.jobs)
			.set({ runAfter: null })
			.where(and(eq(schema.jobs.kind, DELIVER_JOB), eq(schema.jobs.status, 'queued')));
		await drain();
		expect(tg.messagesTo(other)).toHaveLength(1);
		expect((await getDelivery(queued.id))!.status).toBe('sent');
	});

	it('does not repeat a bot reply when the update job is replayed', async () => {
		await drain();
		const db = await getDb();
		// The job dies with its reply on the wire: the replay runs the handler again, but the
		// reply is not sent a second time.
		const chat = nextChat++;
		const start = tg.textUpdate(chat, '/start');
		await postUpdate(start);
		tg.hang = 1;
		const arrived = tg.nextMessageTo(chat);
		const dying = runNextJob(FRONT_DOOR_HANDLERS);
		await arrived;
		expect((await replyRow(start.update_id as number))?.status).toBe('in_flight');
		await workerDies();
		const rerun = await runNextJob(FRONT_DOOR_HANDLERS);
		expect(rerun?.kind).toBe(TELEGRAM_UPDATE_JOB);
		expect(tg.messagesTo(chat)).toHaveLength(1);
		expect((await replyRow(start.update_id as number))?.status).toBe('uncertain');
		tg.releaseHeld();
		await dying;
		expect(tg.messagesTo(chat)).toHaveLength(1);

		// The job finished its reply but died before recording the update as handled: the
		// orphaned job runs again and the customer still gets one answer.
		const language = tg.callbackUpdate(chat, 'lang:fa');
		await postUpdate(language);
		await drain();
		const count = tg.messagesTo(chat).length;
		expect((await replyRow(language.update_id as number))?.status).toBe('sent');
		const [inbound] = await db
			.select()
			.from(schema.inboundMessages)
			.where(
				and(
					eq(schema.inboundMessages.channel, 'telegram'),
					eq(schema.inboundMessages.externalId, String(language.update_id))
				)
			);
		await db
			.update(schema.inboundMessages)
			.set({ status: 'received', outcome: null, processedAt: null })
			.where(eq(schema.inboundMessages.id, inbound!.id));
		await enqueueJob(db, { kind: TELEGRAM_UPDATE_JOB, payload: { inboundId: inbound!.id } });
		await drain();
		expect(tg.messagesTo(chat)).toHaveLength(count);
		const [handled] = await db
			.select()
			.from(schema.inboundMessages)
			.where(eq(schema.inboundMessages.id, inbound!.id));
		expect(handled!.status).toBe('processed');
	});
});
