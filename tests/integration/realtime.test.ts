// Live boards over a real Socket.IO server and real clients on a loopback port, on the test
// database (PGlite, or PostgreSQL with TEST_DATABASE_URL): events only after commit, room
// authorisation, board revocation, resync by sequence, presence, and the dispatch race.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSync } from '#lib/realtime/board-sync';
import type {
	Ack,
	BoardScope,
	BoardSnapshot,
	ClientToServerEvents,
	DomainEventMessage,
	PresenceEntry,
	ServerToClientEvents
} from '#lib/realtime/contract';
import { loadGrants, type Actor } from '#lib/server/auth/access';
import { createUser, updateUser } from '#lib/server/admin/users';
import { userCreateSchema } from '#lib/server/admin/schemas';
import { createAdministrator } from '#lib/server/auth/bootstrap';
import { parseOrThrow } from '#lib/server/http/errors';
import { createSession } from '#lib/server/auth/sessions';
import { createBoard, revokeBoard } from '#lib/server/boards/boards';
import { assignRequest } from '#lib/server/boards/dispatch';
import { buildBoardSnapshot } from '#lib/server/boards/read-model';
import { getDb, schema } from '#lib/server/db';
import { emitEvent } from '#lib/server/events/record';
import { startOutboxDispatcher } from '#lib/server/realtime/dispatcher';
import { ensureOutboxCommitOrder } from '#lib/server/realtime/ordering';
import { attachRealtime, type RealtimeServer } from '#lib/server/realtime/server';
import { inTransaction } from '#lib/server/service/context';
import { issueOrderInTx } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { buildWorld, type World } from './service-fixtures';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const driver = process.env.TEST_DRIVER ?? 'pglite';
const IO_KEY = Symbol.for('khadamat.io');

let world: World;
let admin: Actor;
let http: HttpServer;
let ioServer: RealtimeServer;
let stopDispatcher: () => void;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
	world = await buildWorld();
	const root = await createAdministrator({
		username: 'rt-admin',
		displayName: 'مدیر تابلو',
		password: 'rt-admin-password'
	});
	admin = { user: root, grants: await loadGrants(root.id), sessionId: 'rt', via: 'cookie' };
	await ensureOutboxCommitOrder(await getDb());
	http = createServer();
	ioServer = new Server(http, {
		connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false }
	});
	// revokeBoard reaches the server the way the app does, through the process-wide handle.
	(globalThis as Record<symbol, unknown>)[IO_KEY] = ioServer;
	attachRealtime(ioServer);
	stopDispatcher = startOutboxDispatcher(ioServer);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const c of clients) c.disconnect();
	stopDispatcher?.();
	if (ioServer) await ioServer.close();
	delete (globalThis as Record<symbol, unknown>)[IO_KEY];
});

/** A connected client, or the error the server refused it with. */
async function connect(auth: Record<string, string>): Promise<Client> {
	const socket: Client = connectClient(url, {
		auth,
		transports: ['websocket'],
		reconnection: false,
		forceNew: true
	});
	clients.push(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(error));
	});
	return socket;
}

async function userSocket(actor: Actor): Promise<Client> {
	const { token } = await createSession(actor.user.id, 'api');
	return connect({ token });
}

async function newBoard(branchId: number | null): Promise<{ id: number; token: string }> {
	const { board, token } = await createBoard(admin, {
		name: `تابلو ${branchId ?? 'همه'}`,
		branchId: branchId ?? ''
	});
	return { id: board.id, token };
}

function join(socket: Client, room: string): Promise<{ ok: boolean; error?: string }> {
	return new Promise((resolve) =>
		socket.emit('room:join', room, ((result) => resolve(result)) as Ack)
	);
}

function snapshotOf(socket: Client, scope: BoardScope): Promise<BoardSnapshot> {
	return new Promise((resolve, reject) =>
		socket.emit('board:snapshot', scope, (result) =>
			result.ok ? resolve(result.snapshot) : reject(new Error(result.error))
		)
	);
}

/** Every domain event a socket receives from now on, in order. */
function record(socket: Client): DomainEventMessage[] {
	const seen: DomainEventMessage[] = [];
	socket.on('domain:event', (event) => seen.push(event));
	return seen;
}

/** Resolves with the first event (already received or future) that matches. */
function waitFor(
	socket: Client,
	seen: DomainEventMessage[],
	match: (e: DomainEventMessage) => boolean
): Promise<DomainEventMessage> {
	const found = seen.find(match);
	if (found) return Promise.resolve(found);
	return new Promise((resolve) => {
		const handler = (event: DomainEventMessage) => {
			if (!match(event)) return;
			socket.off('domain:event', handler);
			resolve(event);
		};
		socket.on('domain:event', handler);
	});
}

/** Commits a marker event in a branch, outside any other transaction. */
async function marker(branchId: number, name: string): Promise<void> {
	await emitEvent(await getDb(), {
		type: 'test.marker',
		aggregateType: 'test',
		aggregateId: name,
		branchId,
		payload: { name }
	});
}
const isMarker = (name: string) => (e: DomainEventMessage) =>
	e.type === 'test.marker' && e.payload.name === name;

async function receive(actor: Actor = world.actors.reception) {
	const { warranty } = await world.newWarrantedUnit();
	return receiveRequest(actor, {
		by: 'warranty_serial',
		key: warranty.serial,
		complaint: 'روشن نمی‌شود'
	});
}

describe('events and commits', () => {
	it('shows a change on a board only once its transaction has committed', async () => {
		const board = await newBoard(world.branchA.id);
		const socket = await connect({ boardToken: board.token });
		expect((await join(socket, `branch:${world.branchA.id}`)).ok).toBe(true);
		const seen = record(socket);
		const request = await receive();
		const db = await getDb();

		await db.transaction(async (tx) => {
			await emitEvent(tx, {
				type: 'test.inside',
				aggregateType: 'service_request',
				aggregateId: request.id,
				branchId: world.branchA.id,
				payload: { requestId: request.id }
			});
			if (driver === 'postgres') {
				// While this transaction is open, a change committed next to it reaches the board
				// and the uncommitted one does not.
				await marker(world.branchA.id, 'beside-open-tx');
				await waitFor(socket, seen, isMarker('beside-open-tx'));
				expect(seen.some((e) => e.type === 'test.inside')).toBe(false);
			}
		});
		const inside = await waitFor(socket, seen, (e) => e.type === 'test.inside');
		// It carries the request as committed, so the board can show it without asking.
		expect(inside.request?.id).toBe(request.id);
		expect(inside.request?.status).toBe('awaiting_assignment');
		if (driver === 'postgres') {
			// Ids follow commit order: the marker committed first, so it has the smaller id.
			const beside = seen.find(isMarker('beside-open-tx'))!;
			expect(inside.seq).toBeGreaterThan(beside.seq);
		}
	});

	it('never shows a change that was rolled back', async () => {
		const board = await newBoard(world.branchA.id);
		const socket = await connect({ boardToken: board.token });
		await join(socket, `branch:${world.branchA.id}`);
		const seen = record(socket);
		const request = await receive();
		await marker(world.branchA.id, 'before-rollback');
		const before = await waitFor(socket, seen, isMarker('before-rollback'));

		await expect(
			inTransaction(world.actors.dispatcher, async (ctx) => {
				await issueOrderInTx(ctx, {
					requestId: request.id,
					technicianId: world.actors.technician.user.id,
					priorityId: world.priority.id
				});
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');

		await marker(world.branchA.id, 'after-rollback');
		const after = await waitFor(socket, seen, isMarker('after-rollback'));
		const between = seen.filter((e) => e.seq > before.seq && e.seq < after.seq);
		expect(between).toEqual([]);
		expect(
			seen.some((e) => e.type === 'service_order.issued' && e.payload.requestId === request.id)
		).toBe(false);
		// The stream has no hole where the rolled-back events would have been.
		expect(after.prev.branch).toBe(before.seq);
		const snapshot = await snapshotOf(socket, world.branchA.id);
		expect(snapshot.requests.find((r) => r.id === request.id)?.status).toBe('awaiting_assignment');
	});
});

describe('room authorisation', () => {
	it('keeps a branch board to its own branch: other branches’ events never reach it', async () => {
		const boardA = await newBoard(world.branchA.id);
		const boardB = await newBoard(world.branchB.id);
		const socketA = await connect({ boardToken: boardA.token });
		const socketB = await connect({ boardToken: boardB.token });
		expect((await join(socketA, `branch:${world.branchA.id}`)).ok).toBe(true);
		expect((await join(socketB, `branch:${world.branchB.id}`)).ok).toBe(true);
		// A branch board may not follow another branch, nor every branch, nor a request or a user.
		for (const room of [
			`branch:${world.branchB.id}`,
			'all',
			'request:1',
			`user:${admin.user.id}`,
			'board:999'
		]) {
			expect(await join(socketA, room)).toEqual({ ok: false, error: 'forbidden' });
		}
		await expect(snapshotOf(socketA, world.branchB.id)).rejects.toThrow('join_first');

		const seenA = record(socketA);
		const seenB = record(socketB);
		const requestB = await receive(world.actors.receptionB);
		await waitFor(socketB, seenB, (e) => e.request?.id === requestB.id);
		await marker(world.branchA.id, 'after-b');
		await waitFor(socketA, seenA, isMarker('after-b'));
		expect(seenA.filter((e) => e.branchId !== world.branchA.id)).toEqual([]);
		expect(seenA.some((e) => e.request?.id === requestB.id)).toBe(false);
	});

	it('lets staff follow only their own branch, and agency users no scope at all', async () => {
		const reception = await userSocket(world.actors.reception);
		expect((await join(reception, `branch:${world.branchA.id}`)).ok).toBe(true);
		expect((await join(reception, `branch:${world.branchB.id}`)).ok).toBe(false);
		expect((await join(reception, 'all')).ok).toBe(false);
		const supervisor = await userSocket(world.actors.supervisor);
		expect((await join(supervisor, 'all')).ok).toBe(true);
		expect((await join(supervisor, `branch:${world.branchB.id}`)).ok).toBe(true);
		const agent = await userSocket(world.actors.agent);
		expect((await join(agent, `branch:${world.branchA.id}`)).ok).toBe(false);
	});

	it('disconnects a signed-in user the moment their account is deactivated', async () => {
		const [role] = await (
			await getDb()
		)
			.select()
			.from(schema.roles)
			.where(eq(schema.roles.key, 'reception'));
		const created = await createUser(
			admin,
			parseOrThrow(userCreateSchema, {
				username: `rt.leaver.${Date.now().toString(36)}`,
				displayName: 'کارمند در حال رفتن',
				password: 'a-long-enough-password',
				branchId: world.branchA.id,
				roleIds: [role!.id]
			})
		);
		const { token } = await createSession(created.id, 'api');
		const socket = await connect({ token });
		expect((await join(socket, `branch:${world.branchA.id}`)).ok).toBe(true);
		const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		await updateUser(admin, created.id, { version: created.version, active: false });
		expect(await disconnected).toBe('io server disconnect');
		await expect(connect({ token })).rejects.toThrow('unauthorized');
	});

	it('an all-branches board sees every branch through `all` only', async () => {
		const board = await newBoard(null);
		const socket = await connect({ boardToken: board.token });
		expect((await join(socket, 'all')).ok).toBe(true);
		expect((await join(socket, `branch:${world.branchA.id}`)).ok).toBe(false);
		const seen = record(socket);
		const requestB = await receive(world.actors.receptionB);
		const event = await waitFor(socket, seen, (e) => e.request?.id === requestB.id);
		expect(event.branchId).toBe(world.branchB.id);
	});

	it('disconnects a revoked board at once and refuses its link afterwards', async () => {
		const board = await newBoard(world.branchA.id);
		const socket = await connect({ boardToken: board.token });
		await join(socket, `branch:${world.branchA.id}`);
		const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		await revokeBoard(admin, board.id);
		expect(await disconnected).toBe('io server disconnect');
		await expect(connect({ boardToken: board.token })).rejects.toThrow('unauthorized');
		await expect(connect({ boardToken: 'not-a-real-token-at-all' })).rejects.toThrow(
			'unauthorized'
		);
		const [row] = await (
			await getDb()
		)
			.select()
			.from(schema.boards)
			.where(eq(schema.boards.id, board.id));
		expect(row!.revokedAt).not.toBeNull();
	});
});

describe('resync by sequence', () => {
	it('a board that missed events while offline shows exactly the current state after reconnecting', async () => {
		const board = await newBoard(world.branchA.id);
		const socket: Client = connectClient(url, {
			auth: { boardToken: board.token },
			transports: ['websocket'],
			reconnection: false,
			forceNew: true
		});
		clients.push(socket);
		const sync = new BoardSync(world.branchA.id, () => snapshotOf(socket, world.branchA.id));
		socket.on('domain:event', (event) => sync.receive(event));
		const catchUp = async () => {
			await join(socket, `branch:${world.branchA.id}`);
			await sync.resync();
		};
		await new Promise<void>((resolve) =>
			socket.once('connect', () => void catchUp().then(resolve))
		);
		const first = await receive();
		await waitUntil(() => sync.data?.requests.get(first.id)?.status === 'awaiting_assignment');

		socket.disconnect();
		// Changes while the screen is offline: an order issued, and a new request received.
		await assignRequest(world.actors.dispatcher, {
			requestId: first.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id
		});
		const second = await receive();
		socket.connect();
		await new Promise<void>((resolve) =>
			socket.once('connect', () => void catchUp().then(resolve))
		);

		const truth = await buildBoardSnapshot(world.branchA.id);
		expect(sync.data!.seq).toBe(truth.seq);
		expect(sortById([...sync.data!.requests.values()])).toEqual(sortById(truth.requests));
		expect(sync.data!.requests.get(first.id)?.technicianId).toBe(world.actors.technician.user.id);
		expect(sync.data!.requests.get(second.id)?.status).toBe('awaiting_assignment');
		expect(sync.stats.snapshots).toBe(2);
	});

	it('notices a missing event in a live stream by its predecessor and re-snapshots', async () => {
		const board = await newBoard(world.branchA.id);
		const socket = await connect({ boardToken: board.token });
		await join(socket, `branch:${world.branchA.id}`);
		const sync = new BoardSync(world.branchA.id, () => snapshotOf(socket, world.branchA.id));
		await sync.resync();
		// Lose exactly one event on the way, as a flaky proxy might. It must be one the view
		// still needs: a late event from an earlier test, already in the snapshot, proves nothing.
		let dropped: DomainEventMessage | null = null;
		socket.on('domain:event', (event) => {
			if (!dropped && event.request && event.seq > (sync.data?.seq ?? Infinity)) dropped = event;
			else sync.receive(event);
		});
		const lost = await receive();
		await marker(world.branchA.id, 'after-loss');
		await waitUntil(
			() =>
				sync.stats.gaps >= 1 &&
				!sync.syncing &&
				(sync.data?.seq ?? 0) >= (dropped?.seq ?? Infinity) &&
				sync.data?.requests.get(lost.id)?.status === 'awaiting_assignment',
			() =>
				`gap never repaired: ${JSON.stringify({ stats: sync.stats, dropped: dropped?.seq, seq: sync.data?.seq })}`
		);
		expect(sync.stats.snapshots).toBeGreaterThanOrEqual(2);
		expect(sync.data!.requests.get(lost.id)?.status).toBe('awaiting_assignment');
	});

	it('ignores events it already has from the snapshot, and repeated ones', async () => {
		const board = await newBoard(world.branchA.id);
		const socket = await connect({ boardToken: board.token });
		await join(socket, `branch:${world.branchA.id}`);
		const seen = record(socket);
		const sync = new BoardSync(world.branchA.id, () => snapshotOf(socket, world.branchA.id));
		const request = await receive();
		const event = await waitFor(socket, seen, (e) => e.request?.id === request.id);
		await sync.resync();
		expect(sync.receive(event)).toBe('duplicate');
		expect(sync.receive({ ...event })).toBe('duplicate');
		expect(sync.data!.requests.get(request.id)?.status).toBe('awaiting_assignment');
	});
});

describe('presence', () => {
	it('shows who else has a request open, and forgets them when they leave', async () => {
		const request = await receive();
		const a = await userSocket(world.actors.reception);
		const b = await userSocket(world.actors.dispatcher);
		const statesA: PresenceEntry[][] = [];
		a.on('presence:state', (s) => s.requestId === request.id && statesA.push(s.people));
		const joined = (s: Client, mode: 'viewing' | 'editing') =>
			new Promise<{ ok: boolean }>((resolve) =>
				s.emit('presence:join', { requestId: request.id, mode }, resolve)
			);
		expect(await joined(a, 'viewing')).toEqual({ ok: true });
		expect(await joined(b, 'editing')).toEqual({ ok: true });
		await waitUntil(() => statesA.at(-1)?.length === 2);
		expect(statesA.at(-1)).toContainEqual({
			userId: world.actors.dispatcher.user.id,
			name: world.actors.dispatcher.user.displayName,
			mode: 'editing'
		});
		b.disconnect();
		await waitUntil(() => statesA.at(-1)?.length === 1);
		expect(statesA.at(-1)![0]!.userId).toBe(world.actors.reception.user.id);

		// Another branch's staff may not even learn who is on it.
		const other = await userSocket(world.actors.receptionB);
		expect(await joined(other, 'viewing')).toEqual({ ok: false, error: 'forbidden' });
	});
});

describe('dispatch', () => {
	it('two dispatchers assigning the same request at once: one order, one clear refusal', async () => {
		const request = await receive();
		const results = await Promise.allSettled([
			assignRequest(world.actors.dispatcher, {
				requestId: request.id,
				technicianId: world.actors.technician.user.id,
				priorityId: world.priority.id,
				version: request.version
			}),
			assignRequest(world.actors.supervisor, {
				requestId: request.id,
				technicianId: world.actors.technician2.user.id,
				priorityId: world.priority.id,
				version: request.version
			})
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toMatchObject({
			status: 409,
			code: 'already_assigned',
			messageKey: 'dispatch.taken'
		});
		const orders = await (
			await getDb()
		)
			.select()
			.from(schema.serviceOrders)
			.where(eq(schema.serviceOrders.requestId, request.id));
		expect(orders).toHaveLength(1);
	});
});

function sortById<T extends { id: number }>(rows: T[]): T[] {
	return [...rows].sort((a, b) => a.id - b.id);
}

/** Waits for a condition the sockets make true; the suite's own timeout bounds it. */
/** Polls until the condition holds; fails with what was awaited rather than the test timeout. */
async function waitUntil(
	condition: () => boolean,
	explain: () => string = () => 'condition never held',
	timeoutMs = 45_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(explain());
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
