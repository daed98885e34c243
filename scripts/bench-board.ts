/**
 * `npm run bench:board` — live board benchmark on PostgreSQL against the BUILT app (`npm run build`).
 *
 *   1. Board JS: gzip size of everything the browser loads for /board/<token>.
 *   2. Main run: the app (`node server.js`) on a fresh database, N board sockets (default 1,000)
 *      each running the same BoardSync as the browser, T status transitions (default 500) through
 *      the REST API, paced over about a minute. Meanwhile 100 sockets go offline for 30 s and
 *      come back. Latency = receipt on a socket − commit, where the commit instant is when a
 *      separate observer process hears the NOTIFY PostgreSQL delivers at commit. At the end every
 *      socket's state is compared with a fresh snapshot: any difference is a lost update.
 *   3. Floor: a bare Socket.IO server (no app, no database) broadcasting the same number of
 *      messages at the same pace to the same number of clients.
 *   4. Ramp: more sockets per process in steps until p95 passes 250 ms or the cap is reached,
 *      with the server's resident memory per socket.
 *
 * Options: --sockets 1000 --transitions 500 --offline 100 --offline-seconds 30 --max-sockets 10000
 *          --skip-ramp --ramp-all (do not stop at p95 > 250 ms) --size-only. Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { io as connectClient, type Socket } from 'socket.io-client';
import { BoardSync } from '../src/lib/realtime/board-sync.ts';
import type {
	BoardSnapshot,
	ClientToServerEvents,
	DomainEventMessage,
	ServerToClientEvents
} from '../src/lib/realtime/contract.ts';
import { hasBuild, ROOT, rssKb, sleep, startBuiltApp, waitFor } from './bench-app.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Logs, helper processes and the JSON result; outside the repository. */
const OUT = path.join(tmpdir(), 'khadamat-bench');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
const flag = (name: string) => args.includes(`--${name}`);
const SOCKETS = option('sockets', 1000);
const TRANSITIONS = option('transitions', 500);
const OFFLINE = option('offline', 100);
const OFFLINE_MS = option('offline-seconds', 30) * 1000;
const MAX_SOCKETS = option('max-sockets', 10_000);
const APP_PORT = option('port', 4390);
const FLOOR_PORT = APP_PORT + 1;
const PACE_MS = 120;
const ADMIN = { username: 'bench.admin', password: 'bench-admin-password-1405' };
const BASE = `http://127.0.0.1:${APP_PORT}`;
const nowMs = () => performance.timeOrigin + performance.now();

function log(line: string) {
	process.stdout.write(`${line}\n`);
}

// ─── 1. Board JS size ──────────────────────────────────────────────────────────────────────

/** Gzip size of the JS a browser loads for /board/<token>: the client entry, root layout, page. */
export function measureBoardJs(buildDir = path.join(ROOT, 'build')): {
	files: number;
	raw: number;
	gzip: number;
} {
	const manifest = readFileSync(path.join(buildDir, 'server/manifest.js'), 'utf8');
	const entry = JSON.parse(
		manifest.match(/client:\s*\{[^}]*?imports:\s*(\[[^\]]*\])/)![1]!
	) as string[];
	const nodesDir = path.join(buildDir, 'server/nodes');
	const nodeFile = (n: number) => readFileSync(path.join(nodesDir, `${n}.js`), 'utf8');
	const importsOf = (source: string) =>
		JSON.parse(source.match(/export const imports = (\[.*\]);/)![1]!) as string[];
	let boardNode = -1;
	for (let n = 0; existsSync(path.join(nodesDir, `${n}.js`)); n++) {
		if (nodeFile(n).includes('src/routes/board/[token]/+page')) boardNode = n;
	}
	if (boardNode < 0) throw new Error('the /board/[token] route is not in the build');
	const files = new Set([...entry, ...importsOf(nodeFile(0)), ...importsOf(nodeFile(boardNode))]);
	let raw = 0;
	let gzip = 0;
	for (const file of files) {
		const bytes = readFileSync(path.join(buildDir, 'client', file));
		raw += bytes.length;
		gzip += gzipSync(bytes, { level: 9 }).length;
	}
	return { files: files.size, raw, gzip };
}

// ─── helpers ───────────────────────────────────────────────────────────────────────────────

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarise(samples: number[]): {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
} {
	const sorted = Float64Array.from(samples).sort();
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted[sorted.length - 1] ?? NaN
	};
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function api(pathname: string, token: string | null, body?: unknown): Promise<unknown> {
	// A keep-alive connection the server has just closed fails the request; the idempotency key
	// makes the retry safe (the API answers a repeated key with the first answer).
	const key = randomBytes(12).toString('hex');
	const send = () =>
		fetch(`${BASE}${pathname}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: {
				'content-type': 'application/json',
				...(body !== undefined && token ? { 'idempotency-key': key } : {}),
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const response = await send().catch(async () => {
		await sleep(200);
		return send();
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${pathname}: ${response.status} ${text}`);
	return text ? JSON.parse(text) : null;
}

function connectBoard(url: string, token: string): Client {
	return connectClient(url, {
		auth: { boardToken: token },
		transports: ['websocket'],
		reconnection: false,
		forceNew: true
	});
}

function connected(socket: Client): Promise<void> {
	return new Promise((resolve, reject) => {
		if (socket.connected) return resolve();
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
}

function joinRoom(socket: Client, room: string): Promise<void> {
	return new Promise((resolve, reject) =>
		socket.emit('room:join', room, (r) =>
			r.ok ? resolve() : reject(new Error(r.error ?? 'join refused'))
		)
	);
}

function snapshotOf(socket: Client, scope: number): Promise<BoardSnapshot> {
	return new Promise((resolve, reject) =>
		socket
			.timeout(60_000)
			.emit('board:snapshot', scope, (error, r) =>
				error ? reject(error) : r.ok ? resolve(r.snapshot) : reject(new Error(r.error))
			)
	);
}

/** A board screen as the browser runs it: BoardSync over one socket, with receipt times. */
class BenchBoard {
	readonly socket: Client;
	readonly sync: BoardSync;
	/** seq → receipt instant, for latency. */
	readonly received = new Map<number, number>();

	constructor(
		url: string,
		token: string,
		readonly scope: number
	) {
		this.socket = connectBoard(url, token);
		this.sync = new BoardSync(scope, () => snapshotOf(this.socket, scope));
		this.socket.on('domain:event', (event: DomainEventMessage) => {
			this.received.set(event.seq, nowMs());
			// A thousand screens share this one process: apply after every socket's frame of this
			// round has been time-stamped, so one screen's work does not count as another's latency.
			setImmediate(() => this.sync.receive(event));
		});
	}

	/** What the browser does on every (re)connection: join the scope room, then snapshot. */
	async catchUp(): Promise<void> {
		await connected(this.socket);
		await joinRoom(this.socket, `branch:${this.scope}`);
		await this.sync.resync();
	}
}

/** Connects in batches so the handshakes do not all land in one instant. */
async function inBatches<T>(
	count: number,
	size: number,
	make: (i: number) => Promise<T>
): Promise<T[]> {
	const out: T[] = [];
	for (let i = 0; i < count; i += size) {
		out.push(
			...(await Promise.all(
				Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j))
			))
		);
	}
	return out;
}

// ─── the app on a fresh database ──────────────────────────────────────────────────────────

interface App {
	child: ChildProcess;
	url: string;
	databaseUrl: string;
	stop: () => Promise<void>;
}

async function startApp(): Promise<App> {
	const base =
		process.env.BENCH_DATABASE_URL ??
		process.env.TEST_DATABASE_URL ??
		'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `khadamat_bench_${Date.now().toString(36)}`;
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	const databaseUrl = url.toString();
	mkdirSync(OUT, { recursive: true });
	const app = await startBuiltApp({
		port: APP_PORT,
		env: {
			DATABASE_URL: databaseUrl,
			ADMIN_USERNAME: ADMIN.username,
			ADMIN_PASSWORD: ADMIN.password
		},
		logFile: path.join(OUT, 'server.log')
	});
	return {
		child: app.child,
		url: BASE,
		databaseUrl,
		stop: async () => {
			await app.stop();
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		}
	};
}

/** A branch, a product and a board with its link token, written straight into the database. */
async function seed(
	databaseUrl: string
): Promise<{ branchId: number; productCode: string; boardToken: string }> {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	const [branch] = await sql<
		{ id: number }[]
	>`insert into branch (code, name_fa, name_en) values ('BENCH-1', 'شعبهٔ آزمون', 'Bench branch') returning id`;
	const productCode = 'BENCH-FRIDGE';
	await sql`insert into product (code, name_fa, name_en) values (${productCode}, 'یخچال آزمون', 'Bench fridge')`;
	const boardToken = randomBytes(20).toString('hex').slice(0, 32);
	const hash = createHash('sha256').update(boardToken).digest('hex');
	await sql`insert into board (name, branch_id, token_hash) values ('bench', ${branch!.id}, ${hash})`;
	await sql.end();
	return { branchId: branch!.id, productCode, boardToken };
}

/** A separate process that hears each commit's NOTIFY and reports (seq, instant). */
function startObserver(databaseUrl: string, commits: Map<number, number>): Promise<ChildProcess> {
	const source = `
		import postgres from '${import.meta.resolve('postgres')}';
		const sql = postgres(process.env.OBSERVE_URL, { max: 1, onnotice: () => {} });
		await sql.listen('khadamat_outbox', (payload) => {
			process.send({ seq: Number(payload), t: performance.timeOrigin + performance.now() });
		}, () => process.send({ ready: true }));
	`;
	const file = path.join(OUT, 'observer.mjs');
	writeFileSync(file, source);
	const child = fork(file, {
		cwd: ROOT,
		env: { ...process.env, OBSERVE_URL: databaseUrl },
		stdio: 'inherit'
	});
	return new Promise((resolve) => {
		child.on('message', (m: { seq?: number; t?: number; ready?: boolean }) => {
			if (m.ready) resolve(child);
			else if (m.seq !== undefined && m.t !== undefined) commits.set(m.seq, m.t);
		});
	});
}

// ─── 2. main run ──────────────────────────────────────────────────────────────────────────

interface Drafts {
	ids: number[];
	versions: Map<number, number>;
}

async function createDrafts(
	token: string,
	count: number,
	branchId: number,
	productCode: string
): Promise<Drafts> {
	const ids: number[] = [];
	const versions = new Map<number, number>();
	await inBatches(count, 8, async () => {
		const row = (await api('/api/v1/service-requests', token, {
			by: 'product_code',
			key: productCode,
			branchId,
			complaint: 'روشن نمی‌شود',
			customerName: 'مشتری آزمون بار',
			customerMobile: '09121234567',
			submit: false
		})) as { id: number; version: number };
		ids.push(row.id);
		versions.set(row.id, row.version);
	});
	return { ids: ids.sort((a, b) => a - b), versions };
}

/** Submits then cancels each draft (two transitions each), paced, a few in flight. */
async function runTransitions(
	token: string,
	drafts: Drafts,
	total: number,
	paceMs: number
): Promise<void> {
	const steps: { id: number; to: string; reason?: string }[] = [];
	for (const id of drafts.ids) steps.push({ id, to: 'awaiting_assignment' });
	for (const id of drafts.ids) steps.push({ id, to: 'cancelled', reason: 'آزمون بار' });
	const plan = steps.slice(0, total);
	const inFlight = new Set<Promise<void>>();
	for (const step of plan) {
		const started = Date.now();
		const job = (async () => {
			const row = (await api(`/api/v1/service-requests/${step.id}/transitions`, token, {
				to: step.to,
				version: drafts.versions.get(step.id),
				...(step.reason ? { reason: step.reason } : {})
			})) as { version: number };
			drafts.versions.set(step.id, row.version);
		})();
		inFlight.add(job);
		void job.finally(() => inFlight.delete(job));
		if (inFlight.size >= 4) await Promise.race(inFlight);
		await sleep(Math.max(0, paceMs - (Date.now() - started)));
	}
	await Promise.all(inFlight);
}

function latencies(
	boards: BenchBoard[],
	commits: Map<number, number>,
	seqs: Set<number>
): number[] {
	const out: number[] = [];
	for (const board of boards) {
		for (const [seq, at] of board.received) {
			const committed = commits.get(seq);
			if (committed !== undefined && seqs.has(seq)) out.push(at - committed);
		}
	}
	return out;
}

async function mainRun(app: App, seeded: Awaited<ReturnType<typeof seed>>, token: string) {
	const drafts = await createDrafts(
		token,
		Math.ceil(TRANSITIONS / 2),
		seeded.branchId,
		seeded.productCode
	);
	log(`  ${drafts.ids.length} draft requests created`);
	const baseRss = rssKb(app.child.pid!);
	const boards = await inBatches(SOCKETS, 50, async () => {
		const board = new BenchBoard(app.url, seeded.boardToken, seeded.branchId);
		await board.catchUp();
		return board;
	});
	const rss = rssKb(app.child.pid!);
	log(
		`  ${boards.length} board sockets connected and synchronised; server RSS ${(baseRss / 1024).toFixed(0)} → ${(rss / 1024).toFixed(0)} MiB`
	);

	const commits = new Map<number, number>();
	const observer = await startObserver(app.databaseUrl, commits);
	const offline = boards.slice(0, OFFLINE);
	const transitions = runTransitions(token, drafts, TRANSITIONS, PACE_MS);
	// The offline round: 100 screens lose the network mid-run and come back 30 s later.
	await sleep(5_000);
	for (const board of offline) board.socket.disconnect();
	log(`  ${offline.length} sockets offline for ${OFFLINE_MS / 1000} s`);
	await sleep(OFFLINE_MS);
	await Promise.all(
		offline.map(async (board) => {
			board.socket.connect();
			await board.catchUp();
		})
	);
	log('  offline sockets reconnected and resynchronised');
	await transitions;

	// Settle: the truth, then every screen must reach it.
	const probe = new BenchBoard(app.url, seeded.boardToken, seeded.branchId);
	await probe.catchUp();
	const truth = probe.sync.data!;
	await waitFor(
		() => boards.every((b) => (b.sync.data?.seq ?? 0) >= truth.seq),
		60_000,
		'every socket to reach the final sequence'
	).catch(() => {});
	let lost = 0;
	for (const board of boards) {
		const data = board.sync.data;
		const same =
			data !== null &&
			data.seq === truth.seq &&
			data.requests.size === truth.requests.size &&
			[...truth.requests.values()].every((r) => {
				const mine = data.requests.get(r.id);
				return mine !== undefined && mine.status === r.status && mine.version === r.version;
			});
		if (!same) lost += 1;
	}
	const online = boards.slice(OFFLINE);
	const gaps = online.reduce((n, b) => n + b.sync.stats.gaps, 0);
	const seqs = new Set([...commits.keys()]);
	const stats = summarise(latencies(boards, commits, seqs));
	observer.kill();
	probe.socket.disconnect();
	return {
		boards,
		stats,
		lost,
		gaps,
		events: commits.size,
		truthSeq: truth.seq,
		cancelled: [...truth.requests.values()].filter((r) => r.status === 'cancelled').length
	};
}

// ─── 3. floor: bare Socket.IO ─────────────────────────────────────────────────────────────

async function floorRun(count: number, messages: number): Promise<ReturnType<typeof summarise>> {
	const source = `
		import { createServer } from 'node:http';
		import { Server } from '${import.meta.resolve('socket.io')}';
		const http = createServer();
		const io = new Server(http, { serveClient: false });
		http.listen(${FLOOR_PORT}, '127.0.0.1', () => process.send({ ready: true }));
		process.on('message', async (m) => {
			if (m.go) {
				for (let i = 1; i <= m.count; i++) {
					io.emit('tick', { seq: i, t: performance.timeOrigin + performance.now() });
					await new Promise((r) => setTimeout(r, m.pace));
				}
				process.send({ done: true });
			}
		});
	`;
	const file = path.join(OUT, 'floor.mjs');
	writeFileSync(file, source);
	const child = fork(file, { cwd: ROOT, stdio: 'inherit' });
	await new Promise<void>((resolve) => child.once('message', () => resolve()));
	const samples: number[] = [];
	const clients = await inBatches(count, 100, async () => {
		const socket = connectClient(`http://127.0.0.1:${FLOOR_PORT}`, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true
		});
		socket.on('tick', (m: { t: number }) => samples.push(nowMs() - m.t));
		await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
		return socket;
	});
	const done = new Promise<void>((resolve) =>
		child.on('message', (m: { done?: boolean }) => m.done && resolve())
	);
	child.send({ go: true, count: messages, pace: PACE_MS });
	await done;
	await sleep(1_000);
	for (const c of clients) c.disconnect();
	child.kill();
	return summarise(samples);
}

// ─── 4. ramp: sockets per process ─────────────────────────────────────────────────────────

async function rampRun(
	app: App,
	seeded: Awaited<ReturnType<typeof seed>>,
	token: string,
	existing: BenchBoard[]
) {
	const steps = [2_500, 5_000, 7_500, 10_000, 15_000, 20_000].filter((n) => n <= MAX_SOCKETS);
	const all: { socket: Client; received: Map<number, number> }[] = existing.map((b) => ({
		socket: b.socket,
		received: b.received
	}));
	const rows: {
		sockets: number;
		p50: number;
		p95: number;
		p99: number;
		rssMiB: number;
		kibPerSocket: number;
	}[] = [];
	const baseRss = rssKb(app.child.pid!);
	const baseCount = all.length;
	for (const target of steps) {
		try {
			const extra = await inBatches(target - all.length, 100, async () => {
				const socket = connectBoard(app.url, seeded.boardToken);
				const received = new Map<number, number>();
				socket.on('domain:event', (e: DomainEventMessage) => received.set(e.seq, nowMs()));
				await connected(socket);
				await joinRoom(socket, `branch:${seeded.branchId}`);
				return { socket, received };
			});
			all.push(...extra);
		} catch (error) {
			log(`  could not open more than ${all.length} sockets: ${(error as Error).message}`);
			break;
		}
		const drafts = await createDrafts(token, 20, seeded.branchId, seeded.productCode);
		const commits = new Map<number, number>();
		const observer = await startObserver(app.databaseUrl, commits);
		await runTransitions(token, drafts, 40, PACE_MS * 2);
		await sleep(3_000);
		observer.kill();
		const samples: number[] = [];
		for (const s of all)
			for (const [seq, at] of s.received)
				if (commits.has(seq)) samples.push(at - commits.get(seq)!);
		const stats = summarise(samples);
		const rss = rssKb(app.child.pid!);
		rows.push({
			sockets: all.length,
			p50: stats.p50,
			p95: stats.p95,
			p99: stats.p99,
			rssMiB: rss / 1024,
			kibPerSocket: (rss - baseRss) / Math.max(1, all.length - baseCount)
		});
		log(
			`  ${all.length} sockets: p50 ${ms(stats.p50)}, p95 ${ms(stats.p95)}, p99 ${ms(stats.p99)}, server RSS ${(rss / 1024).toFixed(0)} MiB`
		);
		for (const s of all) s.received.clear();
		if (stats.p95 > 250 && !flag('ramp-all')) break;
	}
	for (const s of all) s.socket.disconnect();
	return rows;
}

// ─── main ─────────────────────────────────────────────────────────────────────────────────

async function main() {
	if (!hasBuild()) throw new Error('build/ is missing: run `npm run build` first');
	const size = measureBoardJs();
	log(
		`Board route JS: ${size.files} files, ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gzip / 1024).toFixed(1)} KiB gzip (target ≤ 120 KB)`
	);
	if (flag('size-only')) return;

	log(
		`\nMain run: ${SOCKETS} board sockets, ${TRANSITIONS} transitions, ${OFFLINE} offline for ${OFFLINE_MS / 1000} s`
	);
	const app = await startApp();
	try {
		const seeded = await seed(app.databaseUrl);
		const { token } = (await api('/api/v1/auth/login', null, ADMIN)) as { token: string };
		const main = await mainRun(app, seeded, token);
		log(`  events committed: ${main.events}; requests cancelled at the end: ${main.cancelled}`);
		log(
			`  commit → receipt over ${main.stats.n} deliveries: p50 ${ms(main.stats.p50)}, p95 ${ms(main.stats.p95)}, p99 ${ms(main.stats.p99)}, max ${ms(main.stats.max)}`
		);
		log(
			`  lost updates: ${main.lost} of ${main.boards.length} sockets differ from the final snapshot; gaps seen by always-online sockets: ${main.gaps}`
		);

		log(`\nFloor: bare Socket.IO broadcast, ${SOCKETS} clients, ${TRANSITIONS} messages`);
		for (const b of main.boards) b.socket.disconnect();
		const floor = await floorRun(SOCKETS, TRANSITIONS);
		log(
			`  emit → receipt over ${floor.n} deliveries: p50 ${ms(floor.p50)}, p95 ${ms(floor.p95)}, p99 ${ms(floor.p99)}, max ${ms(floor.max)}`
		);

		let ramp: Awaited<ReturnType<typeof rampRun>> = [];
		if (!flag('skip-ramp')) {
			log(`\nRamp: sockets per process (stops when p95 > 250 ms or at ${MAX_SOCKETS})`);
			const restart = await inBatches(SOCKETS, 100, async () => {
				const board = new BenchBoard(app.url, seeded.boardToken, seeded.branchId);
				await connected(board.socket);
				await joinRoom(board.socket, `branch:${seeded.branchId}`);
				return board;
			});
			ramp = await rampRun(app, seeded, token, restart);
		}
		const result = {
			at: new Date().toISOString(),
			size,
			main: { ...main, boards: undefined },
			floor,
			ramp
		};
		writeFileSync(path.join(OUT, 'bench-board.json'), JSON.stringify(result, null, 2));
		log(`\nWritten to ${path.join(OUT, 'bench-board.json')}`);
	} finally {
		await app.stop();
	}
}

main()
	.then(() => process.exit(0))
	.catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
