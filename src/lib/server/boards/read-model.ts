/**
 * The boards' read model: what a wall board, a live board view and the dispatch console show,
 * read straight from the service tables (read-only) so it is always the committed truth.
 */
import {
	and,
	asc,
	desc,
	eq,
	gt,
	gte,
	inArray,
	isNull,
	lte,
	notInArray,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
	BoardBranch,
	BoardCounter,
	BoardRequest,
	BoardScope,
	BoardSnapshot,
	BoardTechnician,
	TickerItem
} from '#lib/realtime/contract';
import { FINAL_STATUSES } from '#lib/domain/lifecycle';
import { startOfTehranDay } from '#lib/domain/jalali';
import { notSystemUser } from '../auth/system-users';
import { getDb, type Executor } from '../db';
import {
	branches,
	counters,
	grants,
	outbox,
	priorities,
	products,
	serviceOrders,
	serviceRequests,
	userGroupMembers,
	userRoles,
	users,
	type OutboxEvent
} from '../db/schema';
import { loadBranchCalendar } from '../service/calendar';
import { servingTicketsByCounter } from '../queue/tickets';

const ACTIVE_ORDER = ['open', 'in_progress'] as const;
const TICKER_LENGTH = 12;

function requestColumns() {
	return {
		id: serviceRequests.id,
		formNumber: serviceRequests.formNumber,
		branchId: serviceRequests.branchId,
		status: serviceRequests.status,
		version: serviceRequests.version,
		createdAt: serviceRequests.createdAt,
		statusChangedAt: serviceRequests.statusChangedAt,
		productFa: products.nameFa,
		productEn: products.nameEn,
		orderId: serviceOrders.id,
		technicianId: serviceOrders.technicianId,
		technicianName: users.displayName,
		dueAt: serviceOrders.dueAt,
		priorityId: priorities.id,
		priorityFa: priorities.nameFa,
		priorityEn: priorities.nameEn,
		priorityColour: priorities.colour
	};
}

type RequestRow = {
	[K in keyof ReturnType<typeof requestColumns>]:
		ReturnType<typeof requestColumns>[K]['_']['data'] | null;
};

function toBoardRequest(row: RequestRow): BoardRequest {
	return {
		id: row.id!,
		formNumber: row.formNumber!,
		branchId: row.branchId!,
		status: row.status!,
		version: row.version!,
		createdAt: row.createdAt!.toISOString(),
		statusChangedAt: row.statusChangedAt!.toISOString(),
		product: { fa: row.productFa ?? '', en: row.productEn ?? '' },
		orderId: row.orderId ?? null,
		technicianId: row.technicianId ?? null,
		technicianName: row.technicianName ?? null,
		dueAt: row.dueAt ? row.dueAt.toISOString() : null,
		priority:
			row.priorityId != null
				? {
						id: row.priorityId,
						fa: row.priorityFa ?? '',
						en: row.priorityEn ?? '',
						colour: row.priorityColour ?? '#57606a'
					}
				: null
	};
}

/** Requests with their open order, technician and priority, for the given condition. */
async function selectBoardRequests(db: Executor, where: SQL | undefined): Promise<BoardRequest[]> {
	const rows = await db
		.select(requestColumns())
		.from(serviceRequests)
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(
			serviceOrders,
			and(
				eq(serviceOrders.requestId, serviceRequests.id),
				inArray(serviceOrders.status, [...ACTIVE_ORDER])
			)
		)
		.leftJoin(users, eq(users.id, serviceOrders.technicianId))
		.leftJoin(priorities, eq(priorities.id, serviceOrders.priorityId))
		.where(where)
		.orderBy(serviceRequests.id);
	// A request has at most one open order; should two ever be seen, the newest wins.
	const byId = new Map<number, BoardRequest>();
	for (const row of rows) {
		const current = byId.get(row.id);
		if (!current || (row.orderId ?? 0) > (current.orderId ?? 0))
			byId.set(row.id, toBoardRequest(row));
	}
	return [...byId.values()];
}

/** Board rows of the given requests, as committed now. */
export async function loadBoardRequests(
	db: Executor,
	ids: number[]
): Promise<Map<number, BoardRequest>> {
	if (ids.length === 0) return new Map();
	const rows = await selectBoardRequests(db, inArray(serviceRequests.id, [...new Set(ids)]));
	return new Map(rows.map((r) => [r.id, r]));
}

/** The request an event is about, when it is about one. */
export function requestIdOf(
	event: Pick<OutboxEvent, 'aggregateType' | 'aggregateId' | 'payload'>
): number | null {
	const raw =
		event.aggregateType === 'service_request'
			? event.aggregateId
			: (event.payload as Record<string, unknown>).requestId;
	const id = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
	return Number.isInteger(id) && id > 0 ? id : null;
}

function actorIdOf(event: Pick<OutboxEvent, 'payload'>): number | null {
	const raw = (event.payload as Record<string, unknown>).actorId;
	return typeof raw === 'number' ? raw : null;
}

/** Display names of users by id. */
async function userNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, name: users.displayName })
		.from(users)
		.where(inArray(users.id, [...new Set(ids)]));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * What live screens need beside each event: the request it concerns as it stands now and who
 * made the change. One query per kind for a whole batch of events.
 */
export async function describeEvents(
	db: Executor,
	events: OutboxEvent[]
): Promise<Map<number, { request: BoardRequest | null; actorName: string | null }>> {
	const requestIds = events.map(requestIdOf).filter((id): id is number => id !== null);
	const actorIds = events.map(actorIdOf).filter((id): id is number => id !== null);
	const [requests, names] = await Promise.all([
		loadBoardRequests(db, requestIds),
		userNames(db, actorIds)
	]);
	const out = new Map<number, { request: BoardRequest | null; actorName: string | null }>();
	for (const event of events) {
		const requestId = requestIdOf(event);
		const actorId = actorIdOf(event);
		out.set(event.id, {
			request: requestId !== null ? (requests.get(requestId) ?? null) : null,
			actorName: actorId !== null ? (names.get(actorId) ?? null) : null
		});
	}
	return out;
}

/**
 * Committed events after `after`, in id order, each with the request it concerns and the name
 * of who made it: one round trip, because this runs on every commit for every live screen.
 */
export async function readEventsAfter(
	db: Executor,
	after: number,
	limit: number
): Promise<{
	events: { event: OutboxEvent; request: BoardRequest | null; actorName: string | null }[];
	full: boolean;
}> {
	const actor = alias(users, 'actor');
	// Aggregate ids and payloads are free-form: only well-formed integers are joined on.
	const requestKey = sql`(case
		when ${outbox.aggregateType} = 'service_request' and ${outbox.aggregateId} ~ '^[0-9]{1,9}$' then ${outbox.aggregateId}::int
		when (${outbox.payload}->>'requestId') ~ '^[0-9]{1,9}$' then (${outbox.payload}->>'requestId')::int
	end)`;
	const actorKey = sql`(case when jsonb_typeof(${outbox.payload}->'actorId') = 'number' then (${outbox.payload}->>'actorId')::int end)`;
	const rows = await db
		.select({ event: outbox, ...requestColumns(), actorName: actor.displayName })
		.from(outbox)
		.leftJoin(serviceRequests, eq(serviceRequests.id, requestKey))
		.leftJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(
			serviceOrders,
			and(
				eq(serviceOrders.requestId, serviceRequests.id),
				inArray(serviceOrders.status, [...ACTIVE_ORDER])
			)
		)
		.leftJoin(users, eq(users.id, serviceOrders.technicianId))
		.leftJoin(priorities, eq(priorities.id, serviceOrders.priorityId))
		.leftJoin(actor, eq(actor.id, actorKey))
		.where(gt(outbox.id, after))
		.orderBy(asc(outbox.id), desc(serviceOrders.id))
		.limit(limit);
	const out: { event: OutboxEvent; request: BoardRequest | null; actorName: string | null }[] = [];
	for (const { event, actorName, ...row } of rows) {
		// Should a request ever have two open orders, the newest (first) one wins.
		if (out.at(-1)?.event.id === event.id) continue;
		out.push({ event, request: row.id !== null ? toBoardRequest(row) : null, actorName });
	}
	return { events: out, full: rows.length === limit };
}

/** A ticker line for an outbox row. */
export function tickerItem(
	event: OutboxEvent,
	request: BoardRequest | null,
	actorName: string | null
): TickerItem {
	const payload = event.payload as Record<string, unknown>;
	return {
		seq: event.id,
		at: event.createdAt.toISOString(),
		type: event.type,
		requestId: requestIdOf(event),
		formNumber:
			typeof payload.formNumber === 'string' ? payload.formNumber : (request?.formNumber ?? null),
		status: typeof payload.to === 'string' ? payload.to : null,
		technicianName: request?.technicianName ?? null,
		actorName
	};
}

function branchCondition(
	scope: BoardScope,
	column: typeof serviceRequests.branchId | typeof counters.branchId
) {
	return scope === 'all' ? undefined : eq(column, scope);
}

/** Technicians of a scope: active staff who may log work, plus anyone holding an open order there. */
export async function loadTechnicians(db: Executor, scope: BoardScope): Promise<BoardTechnician[]> {
	const userGrant = db
		.select({ id: grants.userId })
		.from(grants)
		.where(and(eq(grants.area, 'worklogs'), eq(grants.level, 'edit')));
	const roleGrant = db
		.select({ id: userRoles.userId })
		.from(userRoles)
		.innerJoin(grants, eq(grants.roleId, userRoles.roleId))
		.where(and(eq(grants.area, 'worklogs'), eq(grants.level, 'edit')));
	const groupGrant = db
		.select({ id: userGroupMembers.userId })
		.from(userGroupMembers)
		.innerJoin(grants, eq(grants.groupId, userGroupMembers.groupId))
		.where(and(eq(grants.area, 'worklogs'), eq(grants.level, 'edit')));
	const withOrders = db
		.select({ id: serviceOrders.technicianId })
		.from(serviceOrders)
		.innerJoin(serviceRequests, eq(serviceRequests.id, serviceOrders.requestId))
		.where(
			and(
				inArray(serviceOrders.status, [...ACTIVE_ORDER]),
				branchCondition(scope, serviceRequests.branchId)
			)
		);
	const inScope =
		scope === 'all' ? undefined : or(isNull(users.branchId), eq(users.branchId, scope));
	const rows = await db
		.select({ id: users.id, name: users.displayName, branchId: users.branchId })
		.from(users)
		.where(
			and(
				notSystemUser(),
				or(
					and(
						eq(users.active, true),
						isNull(users.agencyId),
						inScope,
						or(
							inArray(users.id, userGrant),
							inArray(users.id, roleGrant),
							inArray(users.id, groupGrant)
						)
					),
					inArray(users.id, withOrders)
				)
			)
		)
		.orderBy(users.displayName);
	return rows;
}

async function loadBranches(db: Executor, scope: BoardScope, now: Date): Promise<BoardBranch[]> {
	const rows = await db
		.select()
		.from(branches)
		.where(scope === 'all' ? eq(branches.active, true) : eq(branches.id, scope))
		.orderBy(branches.code);
	const out: BoardBranch[] = [];
	for (const branch of rows) {
		const calendar = await loadBranchCalendar(db, branch.id, now);
		out.push({
			id: branch.id,
			code: branch.code,
			name: { fa: branch.nameFa, en: branch.nameEn },
			calendar: {
				weekly: calendar.weekly.map((day) => day.map(([a, b]) => [a, b] as [number, number])),
				holidays: [...calendar.holidays]
			}
		});
	}
	return out;
}

async function loadCounters(db: Executor, scope: BoardScope): Promise<BoardCounter[]> {
	const rows = await db
		.select({
			id: counters.id,
			branchId: counters.branchId,
			code: counters.code,
			name: counters.name
		})
		.from(counters)
		.where(and(eq(counters.active, true), branchCondition(scope, counters.branchId)))
		.orderBy(counters.branchId, counters.code);
	// The ticket each counter has called (queue tickets); queue events keep it live afterwards.
	const serving = await servingTicketsByCounter(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({
		...r,
		servingTicket: serving.get(r.id)?.code ?? null,
		calledAt: serving.get(r.id)?.calledAt ?? null
	}));
}

/** The latest request events of a scope up to `seq`, newest first. */
async function loadRecent(db: Executor, scope: BoardScope, seq: number): Promise<TickerItem[]> {
	const rows = await db
		.select()
		.from(outbox)
		.where(
			and(
				lte(outbox.id, seq),
				scope === 'all' ? undefined : eq(outbox.branchId, scope),
				or(
					eq(outbox.aggregateType, 'service_request'),
					sql`${outbox.payload}->>'requestId' is not null`
				)
			)
		)
		.orderBy(desc(outbox.id))
		.limit(TICKER_LENGTH);
	const described = await describeEvents(db, rows);
	return rows.map((row) => {
		const extra = described.get(row.id);
		return tickerItem(row, extra?.request ?? null, extra?.actorName ?? null);
	});
}

/**
 * The full state of a scope and the outbox sequence it corresponds to, read in one
 * repeatable-read snapshot: the state includes exactly the events with id ≤ seq.
 */
export async function buildBoardSnapshot(
	scope: BoardScope,
	now: Date = new Date()
): Promise<BoardSnapshot> {
	const db = await getDb();
	const dayStart = startOfTehranDay(now);
	return db.transaction(
		async (tx) => {
			const [top] = await tx
				.select({ max: sql<string>`coalesce(max(${outbox.id}), 0)` })
				.from(outbox);
			const seq = Number(top?.max ?? 0);
			const requests = await selectBoardRequests(
				tx,
				and(
					branchCondition(scope, serviceRequests.branchId),
					or(
						notInArray(serviceRequests.status, [...FINAL_STATUSES]),
						gte(serviceRequests.statusChangedAt, dayStart),
						gte(serviceRequests.createdAt, dayStart)
					)
				)
			);
			return {
				seq,
				scope,
				takenAt: now.toISOString(),
				branches: await loadBranches(tx, scope, now),
				counters: await loadCounters(tx, scope),
				technicians: await loadTechnicians(tx, scope),
				requests,
				recent: await loadRecent(tx, scope, seq)
			};
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}
