// Live boards end to end. These specs start servers of their own (the built `node server.js`),
// because they stop and restart them and, for the two-process case, run two of them on one
// PostgreSQL database; the suite's shared server is left alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import postgres from 'postgres';
import { io as connectClient, type Socket } from 'socket.io-client';
import type {
	ClientToServerEvents,
	DomainEventMessage,
	ServerToClientEvents
} from '#lib/realtime/contract';
import { expectAccessibleInBothLanguages, msg, signIn } from './support';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = {
	username: 'boards.admin',
	password: 'boards-admin-password-1405',
	displayName: 'مدیر تابلوها'
};
const PASSWORD = 'boards-user-password-1405';
/** Scratch directories of the servers these specs start, removed at the end. */
const scratch: string[] = [];
const OPEN_ALL_WEEK = Object.fromEntries(
	['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [[0, 1440]]])
);

interface AppServer {
	url: string;
	stop(): Promise<void>;
	start(): Promise<void>;
}

/** A built app of our own on `port`: PGlite in a scratch directory, or PostgreSQL at `databaseUrl`. */
function appServer(
	port: number,
	options: { databaseUrl?: string; dataDir?: string } = {}
): AppServer {
	const url = `http://localhost:${port}`;
	const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'khadamat-boards-'));
	scratch.push(dataDir);
	const logFile = path.join(dataDir, `server-${port}.log`);
	let child: ChildProcess | null = null;
	const answers = async () => {
		try {
			return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
		} catch {
			return false;
		}
	};
	return {
		url,
		async start() {
			const env: NodeJS.ProcessEnv = {
				...process.env,
				PORT: String(port),
				ORIGIN: url,
				DATA_DIR: dataDir
			};
			delete env.DATABASE_URL;
			if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
			Object.assign(env, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
			const out = openSync(logFile, 'a');
			child = spawn(process.execPath, ['server.js'], {
				cwd: ROOT,
				env,
				stdio: ['ignore', out, out]
			});
			const started = Date.now();
			while (!(await answers())) {
				if (child.exitCode !== null)
					throw new Error(`server on ${port} exited:\n${readFileSync(logFile, 'utf8')}`);
				if (Date.now() - started > 180_000)
					throw new Error(`server on ${port} did not start:\n${readFileSync(logFile, 'utf8')}`);
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		},
		async stop() {
			const running = child;
			child = null;
			if (!running || running.exitCode !== null) return;
			const exited = new Promise((resolve) => running.once('exit', resolve));
			running.kill('SIGTERM');
			await exited;
		}
	};
}

async function call<T>(
	base: string,
	pathname: string,
	token: string | null,
	body?: unknown
): Promise<T> {
	const response = await fetch(`${base}${pathname}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: {
			'content-type': 'application/json',
			'accept-language': 'en',
			...(token ? { authorization: `Bearer ${token}` } : {})
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	expect(response.ok, `${pathname}: ${text}`).toBe(true);
	return JSON.parse(text) as T;
}

interface World {
	adminToken: string;
	branchId: number;
	productCode: string;
	technician: { id: number; name: string };
	dispatcher: { username: string };
	requests: { id: number; formNumber: string; version: number }[];
}

/** A branch open all week, a product, a priority, a technician, a dispatcher and two requests. */
async function buildWorld(base: string, requestCount = 2): Promise<World> {
	const { token } = await call<{ token: string }>(base, '/api/v1/auth/login', null, ADMIN);
	const tag = Date.now().toString(36).toUpperCase();
	const branch = await call<{ id: number }>(base, '/api/v1/branches', token, {
		code: `LB-${tag}`,
		nameFa: 'شعبهٔ تابلو',
		nameEn: 'Board branch',
		weeklyHours: OPEN_ALL_WEEK
	});
	const productCode = `LB-P-${tag}`;
	await call(base, '/api/v1/products', token, {
		code: productCode,
		nameFa: 'ماشین لباسشویی',
		nameEn: 'Washing machine'
	});
	await call(base, '/api/v1/priorities', token, {
		code: `LB-N-${tag}`,
		nameFa: 'عادی',
		nameEn: 'Normal',
		slaResponseMinutes: 60,
		slaResolutionMinutes: 480
	});
	const { items: roles } = await call<{ items: { id: number; key: string }[] }>(
		base,
		'/api/v1/roles',
		token
	);
	const roleId = (key: string) => roles.find((r) => r.key === key)!.id;
	const technicianName = `سرویس‌کار ${tag.slice(-4)}`;
	const technician = await call<{ id: number }>(base, '/api/v1/users', token, {
		username: `lb.tech.${tag.toLowerCase()}`,
		displayName: technicianName,
		password: PASSWORD,
		branchId: branch.id,
		roleIds: [roleId('technician')]
	});
	const dispatcherName = `lb.disp.${tag.toLowerCase()}`;
	await call(base, '/api/v1/users', token, {
		username: dispatcherName,
		displayName: 'مسئول تخصیص',
		password: PASSWORD,
		branchId: branch.id,
		roleIds: [roleId('dispatcher')]
	});
	const requests = [];
	for (let i = 0; i < requestCount; i++) {
		requests.push(await receive(base, token, branch.id, productCode));
	}
	return {
		adminToken: token,
		branchId: branch.id,
		productCode,
		technician: { id: technician.id, name: technicianName },
		dispatcher: { username: dispatcherName },
		requests
	};
}

function receive(base: string, token: string, branchId: number, productCode: string) {
	return call<{ id: number; formNumber: string; version: number }>(
		base,
		'/api/v1/service-requests',
		token,
		{
			by: 'product_code',
			key: productCode,
			branchId,
			customerName: 'مشتری تابلو',
			customerMobile: '09121112233',
			complaint: 'آب گرم نمی‌کند'
		}
	);
}

/** A browser of its own signed in to the server at `base` (the shared sign-in, bounded in time). */
async function signedIn(
	browser: Browser,
	base: string,
	username: string,
	password: string
): Promise<Page> {
	const context = await browser.newContext({ baseURL: base });
	const page = await context.newPage();
	await signIn(page, username, password);
	return page;
}

/** The count a board shows for a status, as digits read back to a number. */
async function statusCount(board: Page, status: string): Promise<string> {
	return (await board.locator(`[data-status="${status}"] .value`).textContent()) ?? '';
}

test.describe.configure({ mode: 'serial' });

test('a wall board and a dispatcher side by side: drag to assign, the board follows live, offline and restarts included', async ({
	browser
}) => {
	test.setTimeout(600_000);
	const server = appServer(4181);
	await server.start();
	try {
		const world = await buildWorld(server.url);
		const [first, second] = world.requests;

		// An administrator creates the screen's link; it is shown once.
		const admin = await signedIn(browser, server.url, ADMIN.username, ADMIN.password);
		await admin.goto('/admin/boards');
		await admin.getByLabel(msg('fa', 'boards.admin.name')).fill('تلویزیون کارگاه');
		await admin.getByLabel(msg('fa', 'boards.admin.branch')).selectOption(String(world.branchId));
		await admin.getByRole('button', { name: msg('fa', 'boards.admin.create') }).click();
		const link = await admin.getByLabel(msg('fa', 'boards.admin.link')).inputValue();
		expect(link).toMatch(new RegExp(`^${server.url}/board/[a-z0-9]+$`));
		await expectAccessibleInBothLanguages(admin);

		// The wall screen: no account, just the link.
		const boardContext = await browser.newContext();
		const board = await boardContext.newPage();
		await board.goto(link);
		await expect(board.getByRole('heading', { level: 1, name: 'تلویزیون کارگاه' })).toBeVisible();
		await expect(board.locator('.board-wall')).toHaveAttribute('data-link', 'online');
		expect(await statusCount(board, 'awaiting_assignment')).toBe('۲');
		await expectAccessibleInBothLanguages(board);
		await expect(board.locator('.board-wall')).toHaveAttribute('data-link', 'online');

		// The dispatcher drags the first request onto the technician.
		const dispatch = await signedIn(browser, server.url, world.dispatcher.username, PASSWORD);
		await dispatch.goto('/dispatch');
		await expect(
			dispatch.getByRole('heading', { level: 1, name: msg('fa', 'dispatch.title') })
		).toBeVisible();
		await expectAccessibleInBothLanguages(dispatch);
		await expect(dispatch.locator('form[data-seq]')).toBeVisible();
		const requestCard = dispatch.locator(`[data-request="${first!.id}"]`);
		const technicianCard = dispatch.locator(`[data-technician="${world.technician.id}"]`);
		await requestCard.dragTo(technicianCard);
		await expect(
			dispatch.getByText(
				msg('fa', 'dispatch.assigned', { form: first!.formNumber, name: world.technician.name })
			)
		).toBeVisible();
		await expect(requestCard).toHaveCount(0);

		// The board changed by itself: counts, the technician's queue, the ticker.
		const queue = board.locator(`[data-technician="${world.technician.id}"]`);
		await expect(queue).toContainText(first!.formNumber);
		expect(await statusCount(board, 'awaiting_assignment')).toBe('۱');
		await expect(board.locator('[data-status="awaiting_cost"] .value')).toHaveText('۱');
		await expect(
			board.getByRole('region', { name: msg('fa', 'boards.ticker.title') })
		).toContainText(msg('fa', 'boards.event.orderIssued', { name: world.technician.name }));
		// A second dispatcher (here the administrator) saw the assignment without reloading.
		await admin.goto('/dispatch');
		await expect(admin.locator(`[data-request="${second!.id}"]`)).toBeVisible();

		// The screen loses its network: it says so, and catches up when it is back.
		await boardContext.setOffline(true);
		await expect(
			board.getByRole('status').filter({ hasText: msg('fa', 'boards.link.offline') })
		).toBeVisible({ timeout: 60_000 });
		await admin
			.locator(`[data-request="${second!.id}"]`)
			.dragTo(admin.locator(`[data-technician="${world.technician.id}"]`));
		await expect(admin.locator(`[data-request="${second!.id}"]`)).toHaveCount(0);
		await boardContext.setOffline(false);
		await expect(queue).toContainText(second!.formNumber, { timeout: 30_000 });
		await expect(board.locator('.board-wall')).toHaveAttribute('data-link', 'online');
		expect(await statusCount(board, 'awaiting_assignment')).toBe('۰');

		// The server goes down and comes back: banner, then the exact state, no reload.
		const before = await board.locator('.board-wall').getAttribute('data-seq');
		await server.stop();
		await expect(
			board.getByRole('status').filter({ hasText: msg('fa', 'boards.link.offline') })
		).toBeVisible({ timeout: 30_000 });
		await server.start();
		const third = await receive(
			server.url,
			(await call<{ token: string }>(server.url, '/api/v1/auth/login', null, ADMIN)).token,
			world.branchId,
			world.productCode
		);
		await expect(board.locator('.board-wall')).toHaveAttribute('data-link', 'online', {
			timeout: 30_000
		});
		await expect(board.locator('[data-status="awaiting_assignment"] .value')).toHaveText('۱', {
			timeout: 30_000
		});
		expect(Number(await board.locator('.board-wall').getAttribute('data-seq'))).toBeGreaterThan(
			Number(before)
		);
		await expect(
			board.getByRole('region', { name: msg('fa', 'boards.ticker.title') })
		).toContainText(third.formNumber);
		await expect(queue).toContainText(first!.formNumber);
		await expect(queue).toContainText(second!.formNumber);

		// Revoking the link switches the screen off at once.
		await admin.goto('/admin/boards');
		await admin
			.getByRole('button', { name: msg('fa', 'boards.admin.revoke', { name: 'تلویزیون کارگاه' }) })
			.click();
		await expect(
			admin.getByText(msg('fa', 'boards.admin.revokedDone', { name: 'تلویزیون کارگاه' }))
		).toBeVisible();
		await expect(
			board.getByRole('status').filter({ hasText: msg('fa', 'boards.link.revoked') })
		).toBeVisible();
		const reopened = await board.goto(link);
		expect(reopened?.status()).toBe(404);
	} finally {
		await server.stop();
	}
});

test('two app processes on one PostgreSQL: a board on one sees a change made through the other', async () => {
	test.skip(!process.env.TEST_DATABASE_URL, 'needs PostgreSQL: set TEST_DATABASE_URL');
	test.setTimeout(180_000);
	const base = process.env.TEST_DATABASE_URL!;
	const name = `khadamat_e2e_cluster_${Date.now().toString(36)}`;
	const adminDb = postgres(base, { max: 1, onnotice: () => {} });
	await adminDb.unsafe(`create database "${name}"`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	const one = appServer(4182, { databaseUrl: url.toString() });
	const two = appServer(4183, { databaseUrl: url.toString() });
	let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	try {
		// One after the other: the first start creates the administrator from ADMIN_* (two
		// processes racing to create it is bootstrap's business, not this spec's).
		await one.start();
		await two.start();
		const world = await buildWorld(one.url, 1);
		const request = world.requests[0]!;
		// A board device, registered the way /admin/boards does (only the token's hash is kept).
		const token = randomBytes(20).toString('hex');
		const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
		const [board] = await db`insert into board (name, branch_id, token_hash)
			values ('cluster', ${world.branchId}, ${createHash('sha256').update(token).digest('hex')}) returning id`;
		await db.end();

		socket = connectClient(two.url, {
			auth: { boardToken: token },
			transports: ['websocket'],
			reconnection: false
		});
		const received: DomainEventMessage[] = [];
		socket.on('domain:event', (event) => received.push(event));
		await new Promise<void>((resolve, reject) => {
			socket!.once('connect', resolve);
			socket!.once('connect_error', reject);
		});
		const joined = await new Promise<{ ok: boolean }>((resolve) =>
			socket!.emit('room:join', `branch:${world.branchId}`, resolve)
		);
		expect(joined.ok).toBe(true);

		// Cancel the request through process one's API; the board on process two hears it.
		await call(one.url, `/api/v1/service-requests/${request.id}/transitions`, world.adminToken, {
			to: 'cancelled',
			version: request.version,
			reason: 'آزمون دو فرایند'
		});
		await expect
			.poll(
				() =>
					received.find((e) => e.request?.id === request.id && e.request.status === 'cancelled')
						?.type,
				{ timeout: 20_000 }
			)
			.toBe('service_request.status_changed');

		// Revoking on process one disconnects the screen held by process two.
		const disconnected = new Promise<string>((resolve) => socket!.once('disconnect', resolve));
		const { revoked } = await revokeThroughAdmin(one.url, board!.id as number);
		expect(revoked).toBe(true);
		expect(await disconnected).toBe('io server disconnect');
	} finally {
		socket?.disconnect();
		await Promise.all([one.stop(), two.stop()]);
		await adminDb.unsafe(`drop database if exists "${name}" with (force)`);
		await adminDb.end();
	}
});

/** Submits the admin page's revoke form as a signed-in administrator would, without a browser. */
async function revokeThroughAdmin(base: string, boardId: number): Promise<{ revoked: boolean }> {
	const login = await fetch(`${base}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
		body: new URLSearchParams({ username: ADMIN.username, password: ADMIN.password }),
		redirect: 'manual'
	});
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const response = await fetch(`${base}/admin/boards?/revoke`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			cookie,
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams({ boardId: String(boardId) })
	});
	const result = (await response.json()) as { type: string };
	return { revoked: result.type === 'success' };
}

test.afterAll(() => {
	for (const dir of scratch) rmSync(dir, { force: true, recursive: true });
});
