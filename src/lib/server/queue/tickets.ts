/**
 * Queue tickets at a branch's reception counters (باجه): taking a ticket (kiosk or staff),
 * calling the next one to a counter, recall / start / done / no-show, what a counter screen
 * shows, and the waited and served times per counter that the reports read.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	QUEUE_ACTIONS,
	QUEUE_PURPOSES,
	isActiveTicket,
	nextTicketStatus,
	tehranDay,
	ticketCode,
	type QueueAction,
	type QueuePurpose,
	type QueueStatus
} from '#lib/domain/queue';
import { requirePermission, type Actor } from '../auth/access';
import { getDb, type Executor } from '../db';
import { branches, counters, queueTickets, type QueueTicket } from '../db/schema';
import { recordChange } from '../events/record';
import { AppError, forbidden, notFound, parseOrThrow } from '../http/errors';
import { id, optional } from '../catalog/inputs';
import { nextNumber } from '../service/numbering';

/** A ticket as screens and the API show it. */
export interface TicketView {
	id: number;
	branchId: number;
	code: string;
	number: number;
	purpose: QueuePurpose;
	status: QueueStatus;
	source: QueueTicket['source'];
	counterId: number | null;
	counterName: string | null;
	recalls: number;
	createdAt: string;
	calledAt: string | null;
	servingAt: string | null;
	finishedAt: string | null;
	version: number;
}

/** Input to take a ticket. */
export const issueTicketSchema = z
	.object({ branchId: optional(id), purpose: z.enum(QUEUE_PURPOSES) })
	.meta({ id: 'QueueTicketIssue' });
/** Input to call the next ticket to a counter; `purposes` limits which queues it serves. */
export const callNextSchema = z
	.object({
		purposes: optional(
			z
				.union([z.array(z.enum(QUEUE_PURPOSES)), z.enum(QUEUE_PURPOSES)])
				.transform((v) => (Array.isArray(v) ? v : [v]))
		)
	})
	.meta({ id: 'QueueCallNext' });
/** Input to act on the ticket at a counter. */
export const ticketActionSchema = z
	.object({ action: z.enum(QUEUE_ACTIONS) })
	.meta({ id: 'QueueTicketAction' });

function toView(row: QueueTicket, counterName: string | null = null): TicketView {
	return {
		id: row.id,
		branchId: row.branchId,
		code: ticketCode(row.purpose, row.number),
		number: row.number,
		purpose: row.purpose,
		status: row.status,
		source: row.source,
		counterId: row.counterId,
		counterName,
		recalls: row.recalls,
		createdAt: row.createdAt.toISOString(),
		calledAt: row.calledAt?.toISOString() ?? null,
		servingAt: row.servingAt?.toISOString() ?? null,
		finishedAt: row.finishedAt?.toISOString() ?? null,
		version: row.version
	};
}

/** Staff who work counters: signed-in, not an agency, with requests edit. */
function requireCounterStaff(actor: Actor): void {
	requirePermission(actor, 'requests', 'edit');
	if (actor.user.agencyId) throw forbidden();
}

/** The branch a staff member acts in: their own, or the one they chose when they have all. */
function staffBranch(actor: Actor, branchId: number | undefined): number {
	if (actor.user.branchId !== null) {
		if (branchId !== undefined && branchId !== actor.user.branchId) throw notFound();
		return actor.user.branchId;
	}
	if (branchId === undefined)
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			branchId: { key: 'validation.required' }
		});
	return branchId;
}

/** The event every ticket change writes: boards update the counter's number from it. */
async function recordTicketChange(
	tx: Executor,
	ticket: QueueTicket,
	action: string,
	actorId: number | null,
	counterName: string | null
): Promise<void> {
	const code = ticketCode(ticket.purpose, ticket.number);
	await recordChange(tx, {
		entityType: 'queue_ticket',
		entityId: ticket.id,
		action,
		actorId,
		type: `queue_ticket.${action}`,
		branchId: ticket.branchId,
		changes: { code, status: ticket.status, counterId: ticket.counterId },
		payload: {
			ticketId: ticket.id,
			code,
			purpose: ticket.purpose,
			status: ticket.status,
			counterId: ticket.counterId,
			counterName,
			// What the counter shows now: the ticket while it is there, nothing once it is finished.
			servingTicket: isActiveTicket(ticket.status) ? code : null,
			calledAt: ticket.calledAt?.toISOString() ?? null
		}
	});
}

/**
 * Takes a ticket in a branch inside the caller's transaction. Numbers restart each Tehran day
 * and come from the same locked sequence row as form numbers, so they are gapless and unique
 * however many kiosks and counters press at once.
 */
export async function issueTicketInTx(
	tx: Executor,
	branchId: number,
	purpose: QueuePurpose,
	source: QueueTicket['source'],
	actorId: number | null,
	now: Date = new Date(),
	origin: { kioskId?: number; clientIp?: string | null } = {}
): Promise<TicketView> {
	const [branch] = await tx.select().from(branches).where(eq(branches.id, branchId));
	if (!branch || !branch.active) throw notFound();
	const day = tehranDay(now);
	const number = await nextNumber(tx, `ticket:${branchId}:${day}`);
	const [row] = await tx
		.insert(queueTickets)
		.values({
			branchId,
			day,
			number,
			purpose,
			source,
			status: 'waiting',
			createdAt: now,
			kioskId: origin.kioskId ?? null,
			clientIp: origin.clientIp ?? null
		})
		.returning();
	await recordTicketChange(tx, row!, 'issued', actorId, null);
	return toView(row!);
}

/** A staff member takes a ticket for a customer at the counter (their branch). */
export async function issueTicket(
	actor: Actor,
	raw: unknown,
	source: 'staff' | 'api' = 'staff',
	now: Date = new Date()
): Promise<TicketView> {
	requireCounterStaff(actor);
	const input = parseOrThrow(issueTicketSchema, raw);
	const branchId = staffBranch(actor, input.branchId);
	const db = await getDb();
	return db.transaction((tx) =>
		issueTicketInTx(tx, branchId, input.purpose, source, actor.user.id, now)
	);
}

async function lockCounter(tx: Executor, actor: Actor, counterId: number) {
	const [counter] = await tx
		.select()
		.from(counters)
		.where(eq(counters.id, counterId))
		.for('update');
	if (!counter || !counter.active) throw notFound();
	if (actor.user.branchId !== null && counter.branchId !== actor.user.branchId) throw notFound();
	return counter;
}

/**
 * Calls the oldest waiting ticket (of the chosen purposes) to a counter. The counter row is
 * locked so one counter cannot call twice at once, and the ticket is taken with SKIP LOCKED so
 * two counters pressing together get two different tickets. A counter that still has a ticket
 * must finish it first (409); an empty queue answers null.
 */
export async function callNext(
	actor: Actor,
	counterId: number,
	raw: unknown = {},
	now: Date = new Date()
): Promise<TicketView | null> {
	requireCounterStaff(actor);
	const input = parseOrThrow(callNextSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const counter = await lockCounter(tx, actor, counterId);
		const [busy] = await tx
			.select({ id: queueTickets.id })
			.from(queueTickets)
			.where(
				and(
					eq(queueTickets.counterId, counter.id),
					inArray(queueTickets.status, ['called', 'serving'])
				)
			)
			.limit(1);
		if (busy)
			throw new AppError(409, 'counter_busy', 'queue.error.counterBusy', undefined, undefined, {
				ticketId: busy.id
			});
		const purposes = input.purposes?.length ? input.purposes : [...QUEUE_PURPOSES];
		const [next] = await tx
			.select()
			.from(queueTickets)
			.where(
				and(
					eq(queueTickets.branchId, counter.branchId),
					eq(queueTickets.day, tehranDay(now)),
					eq(queueTickets.status, 'waiting'),
					inArray(queueTickets.purpose, purposes)
				)
			)
			.orderBy(asc(queueTickets.id))
			.limit(1)
			.for('update', { skipLocked: true });
		if (!next) return null;
		const [row] = await tx
			.update(queueTickets)
			.set({
				status: 'called',
				counterId: counter.id,
				calledBy: actor.user.id,
				calledAt: now,
				version: next.version + 1
			})
			.where(eq(queueTickets.id, next.id))
			.returning();
		await recordTicketChange(tx, row!, 'called', actor.user.id, counter.name);
		return toView(row!, counter.name);
	});
}

/** Recall (call the same number again), start serving, done, or no-show for a called ticket. */
export async function actOnTicket(
	actor: Actor,
	ticketId: number,
	raw: unknown,
	now: Date = new Date()
): Promise<TicketView> {
	requireCounterStaff(actor);
	const { action } = parseOrThrow(ticketActionSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [ticket] = await tx
			.select()
			.from(queueTickets)
			.where(eq(queueTickets.id, ticketId))
			.for('update');
		if (!ticket) throw notFound();
		if (actor.user.branchId !== null && ticket.branchId !== actor.user.branchId) throw notFound();
		const to = nextTicketStatus(ticket.status, action);
		if (!to)
			throw new AppError(409, 'ticket_state', 'queue.error.ticketState', undefined, undefined, {
				status: ticket.status,
				action
			});
		const patch: Partial<QueueTicket> = { status: to, version: ticket.version + 1 };
		if (action === 'recall') patch.recalls = ticket.recalls + 1;
		if (action === 'start') patch.servingAt = now;
		if (action === 'done' || action === 'no_show') patch.finishedAt = now;
		const [row] = await tx
			.update(queueTickets)
			.set(patch)
			.where(eq(queueTickets.id, ticket.id))
			.returning();
		const [counter] = row!.counterId
			? await tx.select().from(counters).where(eq(counters.id, row!.counterId))
			: [];
		const verb: Record<QueueAction, string> = {
			recall: 'recalled',
			start: 'started',
			done: 'finished',
			no_show: 'no_show'
		};
		await recordTicketChange(tx, row!, verb[action], actor.user.id, counter?.name ?? null);
		return toView(row!, counter?.name ?? null);
	});
}

/** What a branch's counters screen shows: each counter's ticket, who waits, and today's counts. */
export interface QueueView {
	branchId: number;
	day: string;
	counters: { id: number; code: string; name: string; ticket: TicketView | null }[];
	waiting: TicketView[];
	waitingByPurpose: Record<QueuePurpose, number>;
	/** Tickets finished today (done and no-show), for the counter staff's sense of the day. */
	doneToday: number;
	noShowToday: number;
}

/** Today's queue of a branch: counters with their current ticket and the waiting line. */
export async function getQueueView(
	actor: Actor,
	branchId: number | undefined,
	now: Date = new Date()
): Promise<QueueView> {
	requirePermission(actor, 'requests', 'view');
	if (actor.user.agencyId) throw forbidden();
	const branch = staffBranch(actor, branchId);
	return readQueue(await getDb(), branch, now);
}

/** The queue of a branch without an actor (the kiosk and the waiting-room screen). */
export async function readQueue(db: Executor, branchId: number, now: Date): Promise<QueueView> {
	const day = tehranDay(now);
	const counterRows = await db
		.select()
		.from(counters)
		.where(and(eq(counters.branchId, branchId), eq(counters.active, true)))
		.orderBy(asc(counters.code));
	const tickets = await db
		.select()
		.from(queueTickets)
		.where(and(eq(queueTickets.branchId, branchId), eq(queueTickets.day, day)))
		.orderBy(asc(queueTickets.id));
	const waiting = tickets.filter((t) => t.status === 'waiting').map((t) => toView(t));
	const waitingByPurpose = { reception: 0, delivery: 0, consultation: 0 };
	for (const t of waiting) waitingByPurpose[t.purpose] += 1;
	return {
		branchId,
		day,
		counters: counterRows.map((c) => {
			const active = tickets.find((t) => t.counterId === c.id && isActiveTicket(t.status));
			return {
				id: c.id,
				code: c.code,
				name: c.name,
				ticket: active ? toView(active, c.name) : null
			};
		}),
		waiting,
		waitingByPurpose,
		doneToday: tickets.filter((t) => t.status === 'done').length,
		noShowToday: tickets.filter((t) => t.status === 'no_show').length
	};
}

/** The code each active counter shows now (for board snapshots), by counter id. */
export async function servingTicketsByCounter(
	db: Executor,
	counterIds: number[]
): Promise<Map<number, { code: string; calledAt: string | null }>> {
	if (!counterIds.length) return new Map();
	const rows = await db
		.select()
		.from(queueTickets)
		.where(
			and(
				inArray(queueTickets.counterId, counterIds),
				inArray(queueTickets.status, ['called', 'serving'])
			)
		)
		.orderBy(desc(queueTickets.id));
	const out = new Map<number, { code: string; calledAt: string | null }>();
	for (const row of rows) {
		if (row.counterId !== null && !out.has(row.counterId))
			out.set(row.counterId, {
				code: ticketCode(row.purpose, row.number),
				calledAt: row.calledAt?.toISOString() ?? null
			});
	}
	return out;
}

/** Filters of the waited/served time figures. */
export interface CounterTimesFilters {
	branchId?: number;
	counterId?: number;
	purpose?: QueuePurpose;
	/** Tickets taken at or after `from` and before `to`. */
	from?: Date;
	to?: Date;
}

/** Waited and served time of one counter over a period, in seconds. */
export interface CounterTimes {
	counterId: number;
	branchId: number;
	counterCode: string;
	counterName: string;
	/** Tickets this counter called. */
	called: number;
	served: number;
	noShows: number;
	/** From taking the ticket to being called. */
	waitedAvgSeconds: number | null;
	waitedMedianSeconds: number | null;
	waitedP90Seconds: number | null;
	/** From being called to being finished (done tickets only). */
	servedAvgSeconds: number | null;
	servedMedianSeconds: number | null;
	servedP90Seconds: number | null;
}

/**
 * Waited (taken → called) and served (called → done) time per counter, average, median and
 * 90th percentile in seconds, for the status report. Unscoped: callers check their own access
 * and pass the actor's branch as a filter.
 */
export async function getCounterTimes(
	filters: CounterTimesFilters = {},
	executor?: Executor
): Promise<CounterTimes[]> {
	const db = executor ?? (await getDb());
	const where: (SQL | undefined)[] = [sql`${queueTickets.counterId} is not null`];
	if (filters.branchId !== undefined) where.push(eq(queueTickets.branchId, filters.branchId));
	if (filters.counterId !== undefined) where.push(eq(queueTickets.counterId, filters.counterId));
	if (filters.purpose !== undefined) where.push(eq(queueTickets.purpose, filters.purpose));
	if (filters.from) where.push(gte(queueTickets.createdAt, filters.from));
	if (filters.to) where.push(lt(queueTickets.createdAt, filters.to));
	const waited = sql`extract(epoch from (${queueTickets.calledAt} - ${queueTickets.createdAt}))`;
	const servedExpr = sql`case when ${queueTickets.status} = 'done' then extract(epoch from (${queueTickets.finishedAt} - ${queueTickets.calledAt})) end`;
	const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
	const rows = await db
		.select({
			counterId: counters.id,
			branchId: counters.branchId,
			counterCode: counters.code,
			counterName: counters.name,
			called: sql<number>`count(*)::int`,
			served: sql<number>`count(*) filter (where ${queueTickets.status} = 'done')::int`,
			noShows: sql<number>`count(*) filter (where ${queueTickets.status} = 'no_show')::int`,
			waitedAvg: sql<string | null>`avg(${waited})`,
			waitedMedian: sql<string | null>`percentile_cont(0.5) within group (order by ${waited})`,
			waitedP90: sql<string | null>`percentile_cont(0.9) within group (order by ${waited})`,
			servedAvg: sql<string | null>`avg(${servedExpr})`,
			servedMedian: sql<string | null>`percentile_cont(0.5) within group (order by ${servedExpr})`,
			servedP90: sql<string | null>`percentile_cont(0.9) within group (order by ${servedExpr})`
		})
		.from(queueTickets)
		.innerJoin(counters, eq(counters.id, queueTickets.counterId))
		.where(and(...where))
		.groupBy(counters.id, counters.branchId, counters.code, counters.name)
		.orderBy(asc(counters.branchId), asc(counters.code));
	return rows.map((r) => ({
		counterId: r.counterId,
		branchId: r.branchId,
		counterCode: r.counterCode,
		counterName: r.counterName,
		called: Number(r.called),
		served: Number(r.served),
		noShows: Number(r.noShows),
		waitedAvgSeconds: num(r.waitedAvg),
		waitedMedianSeconds: num(r.waitedMedian),
		waitedP90Seconds: num(r.waitedP90),
		servedAvgSeconds: num(r.servedAvg),
		servedMedianSeconds: num(r.servedMedian),
		servedP90Seconds: num(r.servedP90)
	}));
}
