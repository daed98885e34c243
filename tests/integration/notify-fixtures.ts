// Shared set-up of the front-door tests: the loopback Kavenegar and Telegram fakes, the
// configuration pointing production code at them, unassigned warranty cards, and a job drain.
import { eq } from 'drizzle-orm';
import { addMonthsToJalaliDate, fromJalali, toJalali } from '#lib/domain/jalali';
import { resetConfig } from '#lib/server/config';
import { getDb, schema } from '#lib/server/db';
import { runNextJob } from '#lib/server/jobs/runner';
import { DELIVER_JOB, runDeliveryJob } from '#lib/server/notify/deliveries';
import { notifyOnce } from '#lib/server/notify/feed';
import { SMS_INBOUND_JOB, TELEGRAM_UPDATE_JOB, runSmsInboundJob } from '#lib/server/notify/inbound';
import { runTelegramUpdateJob } from '#bots/telegram/jobs';
import { resetBot } from '#bots/telegram/bot';
import { FakeKavenegar } from '../fakes/kavenegar';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import type { World } from './service-fixtures';

export const SMS_SECRET = 'inbound-secret-123';
export const TG_SECRET = 'tg-secret-456';

const KEYS = [
	'KAVENEGAR_API_KEY',
	'KAVENEGAR_BASE_URL',
	'KAVENEGAR_SENDER',
	'KAVENEGAR_INBOUND_SECRET',
	'KAVENEGAR_TIMEOUT_MS',
	'TELEGRAM_BOT_TOKEN',
	'TELEGRAM_API_ROOT',
	'TELEGRAM_WEBHOOK_SECRET',
	'TELEGRAM_GLOBAL_RATE'
];

/** Starts both fakes and points the configuration at them. */
export async function startFakes(): Promise<{
	sms: FakeKavenegar;
	tg: FakeTelegram;
	stop: () => Promise<void>;
}> {
	const sms = new FakeKavenegar();
	const tg = new FakeTelegram();
	await sms.start();
	await tg.start();
	Object.assign(process.env, {
		KAVENEGAR_API_KEY: sms.apiKey,
		KAVENEGAR_BASE_URL: sms.url,
		KAVENEGAR_SENDER: sms.line,
		KAVENEGAR_INBOUND_SECRET: SMS_SECRET,
		KAVENEGAR_TIMEOUT_MS: '3000',
		TELEGRAM_BOT_TOKEN: tg.token,
		TELEGRAM_API_ROOT: tg.url,
		TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
		TELEGRAM_GLOBAL_RATE: '1000'
	});
	resetConfig();
	resetBot();
	return {
		sms,
		tg,
		stop: async () => {
			for (const key of KEYS) delete process.env[key];
			resetConfig();
			resetBot();
			await sms.stop();
			await tg.stop();
		}
	};
}

export const FRONT_DOOR_HANDLERS = {
	[DELIVER_JOB]: runDeliveryJob,
	[SMS_INBOUND_JOB]: runSmsInboundJob,
	[TELEGRAM_UPDATE_JOB]: runTelegramUpdateJob
};

/** Runs the notification feed and every due front-door job until nothing is left. */
export async function drain(): Promise<number> {
	let ran = 0;
	for (let round = 0; round < 500; round++) {
		await notifyOnce();
		const job = await runNextJob(FRONT_DOOR_HANDLERS);
		if (!job) {
			if ((await notifyOnce()) === 0) break;
			continue;
		}
		ran += 1;
	}
	return ran;
}

let cards = 0;
/** A warranty card nobody holds yet, on a new fridge unit sold a month ago (18 months cover). */
export async function unassignedCard(world: World, options: { active?: boolean } = {}) {
	cards += 1;
	const db = await getDb();
	const tag = `${Date.now().toString(36)}${cards}`.toUpperCase();
	const saleDate = new Date(Date.now() - 30 * 86_400_000);
	const start = toJalali(saleDate);
	const end = addMonthsToJalaliDate(start, 18);
	const [unit] = await db
		.insert(schema.units)
		.values({ productId: world.fridge.id, serial: `FR-${tag}`, serialNorm: `FR${tag}`, saleDate })
		.returning();
	const [warranty] = await db
		.insert(schema.warranties)
		.values({
			serial: `77-${tag}`,
			serialNorm: `77${tag}`,
			typeId: world.warrantyType.id,
			unitId: unit!.id,
			customerId: null,
			saleDate,
			startsOn: fromJalali(start.jy, start.jm, start.jd),
			endsOn: fromJalali(end.jy, end.jm, end.jd),
			graceEndsOn: fromJalali(end.jy, end.jm, end.jd),
			active: options.active ?? true
		})
		.returning();
	return { unit: unit!, warranty: warranty! };
}

/** A request by id, fresh from the database. */
export async function requestRow(id: number) {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(schema.serviceRequests)
		.where(eq(schema.serviceRequests.id, id));
	return row!;
}
