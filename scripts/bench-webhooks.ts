/**
 * `npm run bench:webhooks` — inbound webhook benchmark.
 *
 * 10,000 Telegram updates (`/start` from 10,000 chats) and 10,000 inbound SMS (from 10,000
 * mobiles) are posted, interleaved, as fast as the app takes them (C requests in flight), from a
 * worker thread (the load generator stays off the server's event loop, as Telegram and Kavenegar
 * post from elsewhere) at an HTTP server that mounts the same webhook handlers as the SvelteKit routes
 * (`/api/webhooks/telegram`, `/api/webhooks/sms/kavenegar/<secret>`). The production job runner
 * (`runNextJob`, W loops standing in for W app processes) works the queue: each update runs
 * through the real grammY bot, whose reply goes to the loopback Bot API; each SMS is answered
 * through a durable delivery to the loopback Kavenegar.
 *
 * Prints: acknowledgement latency p50/p99 and sustained ack rate; end-to-end time until the last
 * reply reached a fake; lost (a chat or mobile without its reply) and duplicated (more than one
 * reply) counts, after 1% of the requests are also replayed with the same update_id/messageid.
 * Same-run baseline: the same HTTP server answering a bare `GET /ping` (no database) at the
 * same concurrency.
 *
 * Options: --updates 10000 --sms 10000 --concurrency 32 --workers 4 --pglite --defer-jobs
 * (--defer-jobs: the job loops start only once every request was acknowledged)
 * Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
 * (a fresh database, dropped afterwards); --pglite uses an in-memory PGlite instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { ensureBuiltInRoles } from '../src/lib/server/auth/bootstrap.ts';
import { resetConfig } from '../src/lib/server/config.ts';
import { closeDatabase, getDb, openDatabase, useDatabase } from '../src/lib/server/db/index.ts';
import { runNextJob } from '../src/lib/server/jobs/runner.ts';
import { DELIVER_JOB, runDeliveryJob } from '../src/lib/server/notify/deliveries.ts';
import {
	runSmsInboundJob,
	SMS_INBOUND_JOB,
	TELEGRAM_UPDATE_JOB
} from '../src/lib/server/notify/inbound.ts';
import {
	handleKavenegarWebhook,
	handleTelegramWebhook
} from '../src/lib/server/notify/webhooks.ts';
import { runTelegramUpdateJob } from '../src/bots/telegram/jobs.ts';
import { FakeKavenegar } from '../tests/fakes/kavenegar.ts';
import { FakeTelegram } from '../tests/fakes/telegram-bot-api.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
const UPDATES = option('updates', 10_000);
const SMS = option('sms', 10_000);
const CONCURRENCY = option('concurrency', 32);
const WORKERS = option('workers', 4);
const PGLITE = args.includes('--pglite');
/** Start the job loops only after every request was acknowledged: acks measured without background work. */
const DEFER_JOBS = args.includes('--defer-jobs');
const SECRET = 'bench-sms-secret';
const TG_SECRET = 'bench-tg-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function openBenchDatabase(): Promise<() => Promise<void>> {
	if (PGLITE) {
		useDatabase(await openDatabase({ dataDir: 'memory://' }));
		return closeDatabase;
	}
	const base =
		process.env.BENCH_DATABASE_URL ??
		process.env.TEST_DATABASE_URL ??
		'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `khadamat_bench_webhooks_${Date.now().toString(36)}`;
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	useDatabase(await openDatabase({ url: url.toString() }));
	return async () => {
		await closeDatabase();
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	};
}

/** Turns a Node request into the web Request the handlers take. */
async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const headers = new Headers();
	for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
	return new Request(new URL(req.url ?? '/', origin), {
		method: req.method,
		headers,
		body: chunks.length && req.method !== 'GET' ? Buffer.concat(chunks) : undefined
	});
}

async function startApp(): Promise<{ url: string; close: () => Promise<void> }> {
	let origin = '';
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			try {
				if (req.url === '/ping') {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end('{"ok":true}');
					return;
				}
				const request = await toRequest(req, origin);
				const path = new URL(request.url).pathname;
				let response: Response;
				if (path === '/api/webhooks/telegram') response = await handleTelegramWebhook(request);
				else if (path.startsWith('/api/webhooks/sms/kavenegar/'))
					response = await handleKavenegarWebhook(path.split('/').at(-1)!, request);
				else response = new Response('not found', { status: 404 });
				res.writeHead(response.status, Object.fromEntries(response.headers));
				res.end(Buffer.from(await response.arrayBuffer()));
			} catch (error) {
				console.error(error);
				res.writeHead(500);
				res.end();
			}
		})();
	});
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url: origin, close: () => new Promise((r) => server.close(() => r())) };
}

/** One request of the load: what the worker thread sends. */
interface Shot {
	url: string;
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	body?: string;
}

// The load generator runs on its own thread: Telegram and Kavenegar post from other machines, so
// their requests must not queue on the event loop of the server they measure.
const FIRE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { shots, concurrency } = workerData;
(async () => {
	const latencies = [];
	let next = 0, failed = 0, duplicates = 0;
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, async () => {
		while (next < shots.length) {
			const shot = shots[next++];
			const t0 = performance.now();
			const response = await fetch(shot.url, { method: shot.method ?? 'GET', headers: shot.headers, body: shot.body });
			const body = await response.json().catch(() => ({}));
			latencies.push(performance.now() - t0);
			if (!response.ok) failed += 1;
			if (body.duplicate) duplicates += 1;
		}
	}));
	parentPort.postMessage({ latencies, seconds: (performance.now() - started) / 1000, failed, duplicates });
})();
`;

/** Posts every request with `concurrency` in flight from a worker thread; returns each ack latency and the wall time. */
async function fire(
	shots: Shot[],
	concurrency: number
): Promise<{ latencies: number[]; seconds: number; failed: number; duplicates: number }> {
	const worker = new Worker(FIRE_WORKER, { eval: true, workerData: { shots, concurrency } });
	const result = await new Promise<{
		latencies: number[];
		seconds: number;
		failed: number;
		duplicates: number;
	}>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	await worker.terminate();
	return { ...result, latencies: result.latencies.sort((a, b) => a - b) };
}

async function main() {
	const tg = new FakeTelegram();
	const sms = new FakeKavenegar();
	await tg.start();
	await sms.start();
	Object.assign(process.env, {
		KAVENEGAR_API_KEY: sms.apiKey,
		KAVENEGAR_BASE_URL: sms.url,
		KAVENEGAR_SENDER: sms.line,
		KAVENEGAR_INBOUND_SECRET: SECRET,
		TELEGRAM_BOT_TOKEN: tg.token,
		TELEGRAM_API_ROOT: tg.url,
		TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
		// The fake is not Telegram: lift the outbound throttle so it measures our side.
		TELEGRAM_GLOBAL_RATE: '100000',
		INBOUND_MAX_PER_10_MIN: '1000'
	});
	resetConfig();
	const closeDb = await openBenchDatabase();
	await ensureBuiltInRoles();
	await getDb();
	const app = await startApp();
	log(
		`webhook benchmark: ${UPDATES} Telegram updates + ${SMS} SMS, ${CONCURRENCY} in flight, ${WORKERS} job loops${DEFER_JOBS ? ' (started after the acks)' : ''}, ${PGLITE ? 'PGlite' : 'PostgreSQL'}`
	);

	// Replies as they reach the fakes.
	let lastReplyAt = 0;
	let tgReplies = 0;
	let smsReplies = 0;
	tg.onMessage = () => {
		tgReplies += 1;
		lastReplyAt = performance.now();
	};
	sms.onSend = () => {
		smsReplies += 1;
		lastReplyAt = performance.now();
	};

	// The job runner: W loops, as W app processes would run.
	let stopped = false;
	const handlers = {
		[DELIVER_JOB]: runDeliveryJob,
		[SMS_INBOUND_JOB]: runSmsInboundJob,
		[TELEGRAM_UPDATE_JOB]: runTelegramUpdateJob
	};
	let jobsRun = 0;
	let go: () => void = () => {};
	const gate = DEFER_JOBS ? new Promise<void>((resolve) => (go = resolve)) : Promise.resolve();
	const loops = Array.from({ length: WORKERS }, async () => {
		await gate;
		while (!stopped) {
			const job = await runNextJob(handlers).catch((error: unknown) => {
				console.error('job loop', error);
				return null;
			});
			if (job) jobsRun += 1;
			else await sleep(10);
		}
	});

	// Baseline: the same server, no database.
	const ping = await fire(
		Array.from({ length: 2000 }, (): Shot => ({ url: `${app.url}/ping` })),
		CONCURRENCY
	);

	const tgUrl = `${app.url}/api/webhooks/telegram`;
	const baseChat = 800_000_000;
	const updates = Array.from({ length: UPDATES }, (_, i) => tg.textUpdate(baseChat + i, '/start'));
	const mobiles = Array.from(
		{ length: SMS },
		(_, i) => `0930${String(1_000_000 + i).padStart(7, '0')}`
	);
	const postUpdate = (update: Record<string, unknown>): Shot => ({
		url: tgUrl,
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
		body: JSON.stringify(update)
	});
	const postSms = (i: number): Shot => {
		const url = new URL(`${app.url}/api/webhooks/sms/kavenegar/${SECRET}`);
		url.searchParams.set('messageid', String(50_000_000 + i));
		url.searchParams.set('from', mobiles[i]!);
		url.searchParams.set('to', sms.line);
		url.searchParams.set('message', 'سلام');
		return { url: url.toString() };
	};
	const requests: Shot[] = [];
	for (let i = 0; i < Math.max(UPDATES, SMS); i++) {
		if (i < UPDATES) requests.push(postUpdate(updates[i]!));
		if (i < SMS) requests.push(postSms(i));
	}
	const started = performance.now();
	const main = await fire(requests, CONCURRENCY);
	// Replays: 1% of each, same ids; must be acknowledged as duplicates and change nothing.
	const replayCount = Math.max(1, Math.floor(UPDATES / 100));
	const replays = await fire(
		[
			...updates.slice(0, replayCount).map((u) => postUpdate(u)),
			...Array.from({ length: Math.max(1, Math.floor(SMS / 100)) }, (_, i) => postSms(i))
		],
		CONCURRENCY
	);

	const acked = performance.now();
	go();
	// Wait until every reply arrived (or nothing moved for 60 s).
	let lastProgress = performance.now();
	let seen = 0;
	while (tgReplies < UPDATES || smsReplies < SMS) {
		await sleep(250);
		if (tgReplies + smsReplies !== seen) {
			seen = tgReplies + smsReplies;
			lastProgress = performance.now();
		} else if (performance.now() - lastProgress > 60_000) break;
	}
	await sleep(1000); // anything late would be a duplicate
	stopped = true;
	await Promise.all(loops);

	const perChat = new Map<string, number>();
	for (const call of tg.ofMethod('sendMessage')) {
		const chat = String(call.body.chat_id);
		perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
	}
	const perMobile = new Map<string, number>();
	for (const s of sms.sent) perMobile.set(s.receptor, (perMobile.get(s.receptor) ?? 0) + 1);
	const lostTg = updates.filter(
		(u) => !perChat.has(String((u.message as { chat: { id: number } }).chat.id))
	).length;
	const lostSms = mobiles.filter((m) => !perMobile.has(m)).length;
	const dupTg = [...perChat.values()].filter((n) => n > 1).length;
	const dupSms = [...perMobile.values()].filter((n) => n > 1).length;

	const total = UPDATES + SMS;
	const row = (label: string, value: string) => log(`  ${label.padEnd(46)} ${value}`);
	log('');
	row(
		'baseline GET /ping ack p50 / p99',
		`${percentile(ping.latencies, 50).toFixed(1)} / ${percentile(ping.latencies, 99).toFixed(1)} ms (${(2000 / ping.seconds).toFixed(0)}/s)`
	);
	row(
		'webhook ack p50 / p99',
		`${percentile(main.latencies, 50).toFixed(1)} / ${percentile(main.latencies, 99).toFixed(1)} ms`
	);
	row('webhook ack max', `${main.latencies.at(-1)?.toFixed(1)} ms`);
	row(
		'sustained ack rate',
		`${(total / main.seconds).toFixed(0)} requests/s (${total} in ${main.seconds.toFixed(1)} s)`
	);
	row('failed acks (non-2xx)', String(main.failed + replays.failed));
	row('replays acknowledged as duplicates', `${replays.duplicates} of ${replays.latencies.length}`);
	row(
		'end-to-end: first post → last reply at a fake',
		`${((lastReplyAt - started) / 1000).toFixed(1)} s (${(total / ((lastReplyAt - started) / 1000)).toFixed(0)} replies/s)`
	);
	if (DEFER_JOBS)
		row('queue drain after the last ack', `${((lastReplyAt - acked) / 1000).toFixed(1)} s`);
	row('jobs run', String(jobsRun));
	row('Telegram replies: lost / duplicated', `${lostTg} / ${dupTg} of ${UPDATES}`);
	row('SMS replies: lost / duplicated', `${lostSms} / ${dupSms} of ${SMS}`);
	log('');
	const ok =
		lostTg + lostSms + dupTg + dupSms === 0 && replays.duplicates === replays.latencies.length;
	log(ok ? 'zero lost, zero duplicated ✔' : 'LOST OR DUPLICATED MESSAGES ✘');

	await app.close();
	await closeDb();
	await tg.stop();
	await sms.stop();
	process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
