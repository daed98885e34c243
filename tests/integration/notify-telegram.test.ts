// The Telegram front door: the real grammY bot pointed (TELEGRAM_API_ROOT) at the loopback Bot
// API, fed through the webhook. The whole conversation: start → language → contact → register
// → products → pushed "received" → track → estimate buttons pressed twice → pushed status change;
// replayed update_id, wrong secret, an online repair request, and a technician's new-order notice.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import { handleTelegramWebhook } from '#lib/server/notify/webhooks';
import { declareEstimate } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { startRepair } from '#lib/server/service/work';
import type { FakeTelegram } from '../fakes/telegram-bot-api';
import { drain, requestRow, startFakes, TG_SECRET, unassignedCard } from './notify-fixtures';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let tg: FakeTelegram;
let stop: () => Promise<void>;

beforeAll(async () => {
	const fakes = await startFakes();
	tg = fakes.tg;
	stop = fakes.stop;
	world = await buildWorld();
});

afterAll(async () => {
	await stop();
});

async function post(update: Record<string, unknown>, secret = TG_SECRET) {
	const response = await handleTelegramWebhook(
		new Request('http://desk.test/api/webhooks/telegram', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
			body: JSON.stringify(update)
		})
	);
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Posts an update and runs everything it causes. */
async function say(update: Record<string, unknown>) {
	const result = await post(update);
	expect(result.status).toBe(200);
	await drain();
	return result;
}

function markupOf(call: { body: Record<string, unknown> } | undefined) {
	return call?.body.reply_markup as
		| {
				inline_keyboard?: { text: string; callback_data: string }[][];
				keyboard?: { text: string; request_contact?: boolean }[][];
		  }
		| undefined;
}

async function issue(requestId: number) {
	return issueOrder(world.actors.dispatcher, {
		requestId,
		technicianId: world.actors.technician.user.id,
		priorityId: world.priority.id,
		serviceId: world.service.id,
		workTypeId: world.workType.id,
		serviceTypeId: world.serviceType.id
	});
}

describe('Telegram front door', () => {
	const chat = 91_000_000 + Math.floor(Math.random() * 1_000_000);
	const phone = `+98 936 ${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

	it('walks a customer from /start to a pushed status change', async () => {
		await say(tg.textUpdate(chat, '/start'));
		const hello = tg.messagesTo(chat).at(-1);
		expect(markupOf(hello)?.inline_keyboard?.[0]?.map((b) => b.callback_data)).toEqual([
			'lang:fa',
			'lang:en'
		]);

		await say(tg.callbackUpdate(chat, 'lang:fa'));
		expect(tg.ofMethod('answerCallbackQuery').length).toBeGreaterThan(0);
		const ask = tg.messagesTo(chat).at(-1);
		expect(markupOf(ask)?.keyboard?.[0]?.[0]?.request_contact).toBe(true);

		// Someone else's contact card does not link the chat.
		await say(tg.contactUpdate(chat, '+989121111111', chat + 1));
		expect(tg.lastTextTo(chat)).toMatch(/شمارهٔ خودتان/);

		await say(tg.contactUpdate(chat, phone));
		expect(tg.lastTextTo(chat)).toMatch(/خوش آمدید/);
		const db = await getDb();
		const [link] = await db
			.select()
			.from(schema.telegramChats)
			.where(eq(schema.telegramChats.chatId, String(chat)));
		expect(link!.customerId).not.toBeNull();
		const customerId = link!.customerId!;

		// Register a warranty card by its serial.
		const { warranty } = await unassignedCard(world);
		await say(tg.textUpdate(chat, warranty.serial));
		expect(tg.lastTextTo(chat)).toContain(warranty.serial);
		expect(tg.lastTextTo(chat)).toMatch(/روز باقی مانده/);
		const [card] = await db
			.select()
			.from(schema.warranties)
			.where(eq(schema.warranties.id, warranty.id));
		expect(card!.customerId).toBe(customerId);

		await say(tg.textUpdate(chat, '📦 دستگاه‌های من'));
		expect(tg.lastTextTo(chat)).toContain(warranty.serial);

		// Reception receives the unit: the customer hears it on Telegram.
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'یخ نمی‌زند'
		});
		await drain();
		expect(tg.lastTextTo(chat)).toContain(request.formNumber);
		expect(tg.lastTextTo(chat)).toMatch(/پذیرش شد/);

		await say(tg.textUpdate(chat, '🔎 پیگیری'));
		expect(tg.lastTextTo(chat)).toContain(request.formNumber);

		// The estimate comes with buttons; pressing Approve twice moves the request once.
		await issue(request.id);
		const estimate = await declareEstimate(world.actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'labour', description: 'شارژ گاز', quantity: 1, unitPriceRials: 3_000_000 }]
		});
		await drain();
		const offer = tg.messagesTo(chat).find((m) => String(m.body.text).includes('تأیید می‌کنید'));
		const buttons = markupOf(offer)?.inline_keyboard?.[0]?.map((b) => b.callback_data);
		expect(buttons).toEqual([`est:${estimate.id}:approve`, `est:${estimate.id}:reject`]);

		await post(tg.callbackUpdate(chat, buttons![0]!));
		await post(tg.callbackUpdate(chat, buttons![0]!));
		await drain();
		expect((await requestRow(request.id)).status).toBe('cost_approved');
		const answers = tg
			.ofMethod('answerCallbackQuery')
			.slice(-2)
			.map((c) => String(c.body.text));
		expect(answers.some((t) => /تأیید هزینه/.test(t))).toBe(true);
		expect(answers.some((t) => /پیش‌تر پاسخ/.test(t))).toBe(true);
		const [answered] = await db
			.select()
			.from(schema.estimates)
			.where(eq(schema.estimates.id, estimate.id));
		expect(answered!.answeredVia).toBe('telegram');

		// A status change made by staff is pushed as it happens.
		await startRepair(world.actors.technician, request.id);
		await drain();
		expect(tg.lastTextTo(chat)).toMatch(/در انتظار تعمیر|تعمیر/);
	});

	it('does nothing twice for a replayed update_id and refuses a wrong secret', async () => {
		const update = tg.textUpdate(chat, '🔎 پیگیری');
		await say(update);
		const count = tg.messagesTo(chat).length;
		const replay = await post(update);
		expect(replay.body.duplicate).toBe(true);
		await drain();
		expect(tg.messagesTo(chat)).toHaveLength(count);

		const wrong = await post(tg.textUpdate(chat, '/start'), 'wrong-secret');
		expect(wrong.status).toBe(401);
		await drain();
		expect(tg.messagesTo(chat)).toHaveLength(count);
	});

	it('opens a repair request online for one of the customer’s units', async () => {
		await say(tg.textUpdate(chat, '🛠 درخواست تعمیر'));
		const choose = markupOf(tg.messagesTo(chat).at(-1));
		const unitButton = choose?.inline_keyboard?.[0]?.[0]?.callback_data;
		expect(unitButton).toMatch(/^unit:\d+$/);
		await say(tg.callbackUpdate(chat, unitButton!));
		expect(tg.lastTextTo(chat)).toMatch(/شرح دهید/);
		await say(tg.textUpdate(chat, 'درب یخچال بسته نمی‌شود'));
		const db = await getDb();
		const [created] = await db
			.select()
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.complaint, 'درب یخچال بسته نمی‌شود'));
		expect(created!.channel).toBe('telegram');
		expect(created!.status).toBe('draft');
		expect(tg.lastTextTo(chat)).toContain(created!.formNumber);
	});

	it('tells a technician who linked Telegram about a new order', async () => {
		const db = await getDb();
		const techChat = chat + 7;
		await db.insert(schema.telegramLinkCodes).values({
			code: 'LINK-TECH-1',
			userId: world.actors.technician.user.id,
			expiresAt: new Date(Date.now() + 600_000)
		});
		await say(tg.textUpdate(techChat, '/start LINK-TECH-1'));
		expect(tg.lastTextTo(techChat)).toMatch(/متصل شد/);
		const { warranty } = await world.newWarrantedUnit();
		const request = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			counterId: world.counters[0]!.id,
			complaint: 'برفک'
		});
		await issue(request.id);
		await drain();
		expect(tg.lastTextTo(techChat)).toContain(request.formNumber);
		// In the app too, once.
		const notices = await db
			.select()
			.from(schema.notifications)
			.where(eq(schema.notifications.requestId, request.id));
		expect(
			notices.filter(
				(n) => n.userId === world.actors.technician.user.id && n.type === 'service_order.issued'
			)
		).toHaveLength(1);
		// The code works once.
		await say(tg.textUpdate(techChat + 1, '/start LINK-TECH-1'));
		expect(tg.lastTextTo(techChat + 1)).toMatch(/معتبر نیست/);
	});
});
