// Queue tickets at reception counters: daily gapless numbering per branch, calling (one ticket
// per counter, two counters never get the same ticket), the action table, kiosk tokens, the
// board's counter row, and waited/served times per counter.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_LIMITS, tehranDay } from '#lib/domain/queue';
import { translate } from '#lib/i18n';
import { applyEvent, fromSnapshot } from '#lib/realtime/board-sync';
import { buildBoardSnapshot } from '#lib/server/boards/read-model';
import { getDb, schema } from '#lib/server/db';
import type { AppError } from '#lib/server/http/errors';
import { toMessage } from '#lib/server/realtime/dispatcher';
import { createKiosk, issueAtKiosk, revokeKiosk } from '#lib/server/queue/kiosks';
import {
	actOnTicket,
	callNext,
	getCounterTimes,
	getQueueView,
	issueTicket
} from '#lib/server/queue/tickets';
import * as kioskPage from '../../src/routes/kiosk/[token]/+page.server';
import { buildWorld, eventsOf, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

describe('queue tickets', () => {
	it('numbers tickets per branch and Tehran day, gapless, with the purpose letter', async () => {
		const { reception, receptionB } = world.actors;
		const day1 = new Date('2026-05-01T06:00:00Z');
		const a = await issueTicket(reception, { purpose: 'reception' }, 'staff', day1);
		const b = await issueTicket(reception, { purpose: 'delivery' }, 'staff', day1);
		const other = await issueTicket(receptionB, { purpose: 'reception' }, 'staff', day1);
		expect([a.number, b.number, other.number]).toEqual([1, 2, 1]);
		expect([a.code, b.code]).toEqual(['A001', 'B002']);
		// 20:30 UTC is midnight in Tehran: a new day starts again at 1.
		const nextDay = await issueTicket(
			reception,
			{ purpose: 'consultation' },
			'staff',
			new Date('2026-05-01T20:31:00Z')
		);
		expect(nextDay.code).toBe('C001');
		expect(tehranDay(new Date('2026-05-01T20:31:00Z'))).toBe('2026-05-02');
	});

	it('issues many tickets at once without duplicates or gaps', async () => {
		const at = new Date('2026-05-03T07:00:00Z');
		const tickets = await Promise.all(
			Array.from({ length: 12 }, () =>
				issueTicket(world.actors.reception, { purpose: 'reception' }, 'staff', at)
			)
		);
		expect(tickets.map((t) => t.number).sort((x, y) => x - y)).toEqual(
			Array.from({ length: 12 }, (_, i) => i + 1)
		);
	});

	it('calls the oldest waiting ticket, one per counter, and follows the action table', async () => {
		const at = new Date('2026-05-04T06:00:00Z');
		const { reception } = world.actors;
		const [c1, c2] = world.counters;
		const first = await issueTicket(reception, { purpose: 'reception' }, 'staff', at);
		const second = await issueTicket(reception, { purpose: 'delivery' }, 'staff', at);
		const third = await issueTicket(reception, { purpose: 'reception' }, 'staff', at);

		// Two counters pressing together get two different tickets.
		const [x, y] = await Promise.all([
			callNext(reception, c1!.id, {}, at),
			callNext(reception, c2!.id, {}, at)
		]);
		expect(new Set([x!.id, y!.id])).toEqual(new Set([first.id, second.id]));

		// A busy counter must finish first.
		await expect(callNext(reception, c1!.id, {}, at)).rejects.toMatchObject({
			status: 409,
			code: 'counter_busy'
		});
		const atC1 = x!.counterId === c1!.id ? x! : y!;
		await expect(actOnTicket(reception, atC1.id, { action: 'recall' }, at)).resolves.toMatchObject({
			status: 'called',
			recalls: 1
		});
		await actOnTicket(reception, atC1.id, { action: 'start' }, new Date(at.getTime() + 60_000));
		// Serving allows only "done".
		await expect(actOnTicket(reception, atC1.id, { action: 'no_show' }, at)).rejects.toMatchObject({
			status: 409,
			code: 'ticket_state'
		});
		await actOnTicket(reception, atC1.id, { action: 'done' }, new Date(at.getTime() + 300_000));

		// Purpose filter: a delivery-only counter skips reception tickets.
		const atC2 = atC1 === x ? y! : x!;
		await actOnTicket(reception, atC2.id, { action: 'no_show' }, at);
		const none = await callNext(reception, c2!.id, { purposes: ['delivery'] }, at);
		expect(none).toBeNull();
		const next = await callNext(reception, c2!.id, { purposes: 'reception' }, at);
		expect(next!.id).toBe(third.id);

		const view = await getQueueView(reception, undefined, at);
		expect(view.counters.find((c) => c.id === c2!.id)!.ticket!.code).toBe(third.code);
		expect(view.waiting).toHaveLength(0);
	});

	it('keeps counters to their branch and agencies out', async () => {
		const { receptionB, agent, reception } = world.actors;
		await expect(callNext(receptionB, world.counters[0]!.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(issueTicket(agent, { purpose: 'reception' })).rejects.toMatchObject({
			status: 403
		});
		await expect(getQueueView(agent, undefined)).rejects.toMatchObject({ status: 403 });
		await expect(
			issueTicket(reception, { purpose: 'reception', branchId: world.branchB.id })
		).rejects.toMatchObject({ status: 404 });
	});

	it('takes tickets at a kiosk only while its token is live', async () => {
		const { kiosk, token } = await createKiosk(world.actors.supervisor, {
			name: 'ورودی',
			branchId: world.branchA.id
		});
		const ticket = await issueAtKiosk(token, 'consultation');
		expect(ticket.source).toBe('kiosk');
		expect(ticket.branchId).toBe(world.branchA.id);
		await expect(issueAtKiosk('x'.repeat(32), 'reception')).rejects.toMatchObject({
			status: 404
		});
		await revokeKiosk(world.actors.supervisor, kiosk.id);
		await expect(issueAtKiosk(token, 'reception')).rejects.toMatchObject({ status: 404 });
		const db = await getDb();
		const [row] = await db
			.select()
			.from(schema.queueKiosks)
			.where(eq(schema.queueKiosks.id, kiosk.id));
		expect(row!.tokenHash).not.toContain(token);
		// Reception staff may not make kiosk links.
		await expect(
			createKiosk(world.actors.reception, { name: 'x', branchId: world.branchA.id })
		).rejects.toMatchObject({ status: 403 });
	});

	it('shows the called number on the board snapshot and live from the event', async () => {
		const now = new Date();
		const { reception } = world.actors;
		const counter = world.counters[2]!;
		await issueTicket(reception, { purpose: 'delivery' }, 'staff', now);
		const before = await buildBoardSnapshot(world.branchA.id, now);
		expect(before.counters.find((c) => c.id === counter.id)!.servingTicket).toBeNull();
		const called = await callNext(reception, counter.id, {}, now);
		const after = await buildBoardSnapshot(world.branchA.id, now);
		expect(after.counters.find((c) => c.id === counter.id)!.servingTicket).toBe(called!.code);

		// The same change applied from its outbox event to the older view.
		const [event] = (await eventsOf('queue_ticket', called!.id)).filter(
			(e) => e.type === 'queue_ticket.called'
		);
		const data = applyEvent(fromSnapshot(before), toMessage(event!));
		expect(data.counters.find((c) => c.id === counter.id)!.servingTicket).toBe(called!.code);
		const done = await actOnTicket(reception, called!.id, { action: 'done' }, now);
		const [doneEvent] = (await eventsOf('queue_ticket', done.id)).filter(
			(e) => e.type === 'queue_ticket.finished'
		);
		const cleared = applyEvent(data, toMessage(doneEvent!));
		expect(cleared.counters.find((c) => c.id === counter.id)!.servingTicket).toBeNull();
	});

	it('reports waited and served time per counter', async () => {
		const world2 = await buildWorld();
		const { reception } = world2.actors;
		const [c1] = world2.counters;
		const t0 = new Date('2026-05-05T06:00:00Z');
		const min = (m: number) => new Date(t0.getTime() + m * 60_000);
		// Waits 2, 4 and 10 minutes; served 3 and 5 minutes; the third is a no-show.
		await issueTicket(reception, { purpose: 'reception' }, 'staff', min(0));
		await issueTicket(reception, { purpose: 'reception' }, 'staff', min(1));
		await issueTicket(reception, { purpose: 'reception' }, 'staff', min(2));
		const a = await callNext(reception, c1!.id, {}, min(2));
		await actOnTicket(reception, a!.id, { action: 'done' }, min(5));
		const b = await callNext(reception, c1!.id, {}, min(5));
		await actOnTicket(reception, b!.id, { action: 'start' }, min(6));
		await actOnTicket(reception, b!.id, { action: 'done' }, min(10));
		const c = await callNext(reception, c1!.id, {}, min(12));
		await actOnTicket(reception, c!.id, { action: 'no_show' }, min(14));
		const [row] = await getCounterTimes({ branchId: world2.branchA.id });
		expect(row).toMatchObject({
			counterId: c1!.id,
			called: 3,
			served: 2,
			noShows: 1,
			waitedAvgSeconds: Math.round(((2 + 4 + 10) * 60) / 3),
			waitedMedianSeconds: 240,
			servedAvgSeconds: 240,
			servedMedianSeconds: 240
		});
		// p90 of waits 120, 240, 600 (linear interpolation): 240 + 0.8 × 360 = 528 s.
		expect(row!.waitedP90Seconds).toBe(528);
		// p90 of served 180, 300: 180 + 0.9 × 120 = 288 s.
		expect(row!.servedP90Seconds).toBe(288);
		expect(await getCounterTimes({ branchId: world2.branchA.id, from: min(60) })).toEqual([]);
	});
});

describe('kiosk limits', () => {
	const kioskIn = async (branchId: number, name: string) =>
		(await createKiosk(world.actors.supervisor, { name, branchId })).token;

	it('limits tickets per kiosk and per address within a minute, with a translated wait', async () => {
		const branch = world.branchB.id;
		const [k1, k2, k3] = [
			await kioskIn(branch, 'در ۱'),
			await kioskIn(branch, 'در ۲'),
			await kioskIn(branch, 'در ۳')
		];
		const t = new Date('2026-05-10T06:00:00Z');
		const later = (s: number) => new Date(t.getTime() + s * 1000);
		for (let i = 0; i < KIOSK_LIMITS.perKioskPerWindow; i++)
			await issueAtKiosk(k1!, 'reception', later(i), '10.0.0.5');
		// The kiosk's seventh press in the minute is refused, whatever address it comes from.
		const refused = await issueAtKiosk(k1!, 'reception', later(10), '10.0.0.9').catch(
			(e: unknown) => e
		);
		expect(refused).toMatchObject({
			status: 429,
			code: 'rate_limited',
			messageKey: 'queue.error.kioskBusy',
			params: { minutes: 1 },
			details: { retryAfterSeconds: 50 }
		});
		expect(translate('fa', 'queue.error.kioskBusy', (refused as AppError).params)).toContain(
			'۱ دقیقه'
		);
		expect(translate('en', 'queue.error.kioskBusy', (refused as AppError).params)).toContain(
			'try again in 1 min,'
		);
		// One address over two kiosks: twelve a minute, then refused at a third kiosk…
		for (let i = 0; i < KIOSK_LIMITS.perIpPerWindow - KIOSK_LIMITS.perKioskPerWindow; i++)
			await issueAtKiosk(k2!, 'delivery', later(20 + i), '10.0.0.5');
		await expect(issueAtKiosk(k3!, 'delivery', later(30), '10.0.0.5')).rejects.toMatchObject({
			status: 429
		});
		// …which still serves another address, and the first kiosk again once the minute is over.
		await expect(issueAtKiosk(k3!, 'delivery', later(31), '10.0.0.7')).resolves.toMatchObject({
			source: 'kiosk'
		});
		await expect(issueAtKiosk(k1!, 'reception', later(61), '10.0.0.5')).resolves.toMatchObject({
			source: 'kiosk'
		});
		const db = await getDb();
		const rows = await db
			.select()
			.from(schema.queueTickets)
			.where(eq(schema.queueTickets.clientIp, '10.0.0.7'));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.kioskId).not.toBeNull();
	});

	it('caps kiosk tickets per branch per hour, while staff can still issue', async () => {
		const branch = world.branchB.id;
		const token = await kioskIn(branch, 'ورودی اصلی');
		const t = new Date('2026-05-12T06:00:00Z');
		const db = await getDb();
		// An hour's worth of kiosk tickets already taken (on another numbering day, so numbers are free).
		await db.insert(schema.queueTickets).values(
			Array.from({ length: KIOSK_LIMITS.perBranchPerHour }, (_, i) => ({
				branchId: branch,
				day: '2000-01-01',
				number: i + 1,
				purpose: 'reception' as const,
				source: 'kiosk' as const,
				createdAt: new Date(t.getTime() - 30 * 60_000)
			}))
		);
		await expect(issueAtKiosk(token, 'reception', t, '10.1.0.1')).rejects.toMatchObject({
			status: 429,
			params: { minutes: 30 }
		});
		await expect(
			issueTicket(world.actors.receptionB, { purpose: 'reception' }, 'staff', t)
		).resolves.toMatchObject({ source: 'staff' });
	});

	it('shows the wait on the kiosk page in the visitor’s language', async () => {
		const token = await kioskIn(world.branchB.id, 'کیوسک صفحه');
		const now = new Date();
		for (let i = 0; i < KIOSK_LIMITS.perKioskPerWindow; i++)
			await issueAtKiosk(token, 'consultation', now, '10.2.0.1');
		const press = (locale: 'fa' | 'en') => {
			const form = new FormData();
			form.set('purpose', 'consultation');
			const request = new Request(`http://desk.test/kiosk/${token}`, {
				method: 'POST',
				body: form
			});
			return kioskPage.actions.default({
				request,
				params: { token },
				locals: { locale, actor: null },
				url: new URL(request.url),
				getClientAddress: () => '10.2.0.2'
			} as unknown as Parameters<typeof kioskPage.actions.default>[0]);
		};
		const fa = await press('fa');
		expect(fa).toMatchObject({ status: 429, data: { rateLimited: true } });
		expect((fa as { data: { message: string } }).data.message).toContain('دوباره امتحان کنید');
		const en = await press('en');
		expect((en as { data: { message: string } }).data.message).toContain('Please try again in');
	});
});
