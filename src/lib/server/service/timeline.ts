/**
 * Timelines: one per request and one per unit, read from the history rows every service step
 * writes (request, orders, estimates, work logs with their QC decisions, delivery, replacement,
 * attachments). Other contexts that send a message or post a document about a request add a
 * history row on `service_request` and it appears here with no change to this file.
 */
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { requirePermission, type Actor } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	attachments,
	deliveries,
	estimates,
	history,
	replacements,
	serviceOrders,
	serviceRequests,
	units,
	users,
	workLogs
} from '../db/schema';
import { notFound } from '../http/errors';
import { loadRequest, requestScope } from './scope';

/** One thing that happened to a request, with who and when. */
export interface TimelineEntry {
	id: number;
	at: Date;
	actor: { id: number; displayName: string } | null;
	/** service_request, service_order, estimate, work_log, delivery, replacement, attachment. */
	entityType: string;
	entityId: number;
	action: string;
	changes: Record<string, unknown>;
	requestId: number;
	formNumber: string;
}

// Documents hanging off a request, each with the column that names the request.
const CHILDREN = [
	{
		entityType: 'service_order',
		table: serviceOrders,
		id: serviceOrders.id,
		requestId: serviceOrders.requestId
	},
	{ entityType: 'estimate', table: estimates, id: estimates.id, requestId: estimates.requestId },
	{ entityType: 'work_log', table: workLogs, id: workLogs.id, requestId: workLogs.requestId },
	{ entityType: 'delivery', table: deliveries, id: deliveries.id, requestId: deliveries.requestId },
	{
		entityType: 'replacement',
		table: replacements,
		id: replacements.id,
		requestId: replacements.requestId
	},
	{
		entityType: 'attachment',
		table: attachments,
		id: attachments.id,
		requestId: attachments.requestId
	}
] as const;

/** The merged timeline of several requests, oldest first. */
export async function collectTimeline(
	db: Executor,
	requests: { id: number; formNumber: string }[]
): Promise<TimelineEntry[]> {
	if (!requests.length) return [];
	const requestIds = requests.map((r) => r.id);
	const owners = new Map<string, number>(requestIds.map((id) => [`service_request:${id}`, id]));
	const conditions: SQL[] = [
		and(
			eq(history.entityType, 'service_request'),
			inArray(history.entityId, requestIds.map(String))
		)!
	];
	for (const child of CHILDREN) {
		const rows = await db
			.select({ id: child.id, requestId: child.requestId })
			.from(child.table)
			.where(inArray(child.requestId, requestIds));
		if (!rows.length) continue;
		for (const row of rows) owners.set(`${child.entityType}:${row.id}`, row.requestId);
		conditions.push(
			and(
				eq(history.entityType, child.entityType),
				inArray(
					history.entityId,
					rows.map((r) => String(r.id))
				)
			)!
		);
	}
	const rows = await db
		.select({
			id: history.id,
			at: history.createdAt,
			actorId: history.actorId,
			actorName: users.displayName,
			entityType: history.entityType,
			entityId: history.entityId,
			action: history.action,
			changes: history.changes
		})
		.from(history)
		.leftJoin(users, eq(users.id, history.actorId))
		.where(or(...conditions))
		.orderBy(asc(history.createdAt), asc(history.id));
	const numbers = new Map(requests.map((r) => [r.id, r.formNumber]));
	return rows.map((row) => {
		const requestId = owners.get(`${row.entityType}:${row.entityId}`)!;
		return {
			id: row.id,
			at: row.at,
			actor: row.actorId !== null ? { id: row.actorId, displayName: row.actorName ?? '' } : null,
			entityType: row.entityType,
			entityId: Number(row.entityId),
			action: row.action,
			changes: row.changes,
			requestId,
			formNumber: numbers.get(requestId) ?? ''
		};
	});
}

/** Everything that happened to one request — status changes, orders, estimates, work, QC, delivery — in order. */
export async function getRequestTimeline(
	actor: Actor,
	requestId: number
): Promise<TimelineEntry[]> {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const request = await loadRequest(db, actor, requestId);
	return collectTimeline(db, [request]);
}

/**
 * One unit's whole service life: every request it came in with (in the actor's scope), and the
 * request whose replacement produced it, merged in time order.
 */
export async function getUnitTimeline(actor: Actor, unitId: number): Promise<TimelineEntry[]> {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const origin = db
		.select({ id: replacements.requestId })
		.from(replacements)
		.where(eq(replacements.newUnitId, unitId));
	const own = or(eq(serviceRequests.unitId, unitId), inArray(serviceRequests.id, origin));
	const scope = requestScope(actor);
	const requests = await db
		.select({ id: serviceRequests.id, formNumber: serviceRequests.formNumber })
		.from(serviceRequests)
		.where(scope ? and(own, scope) : own);
	if (!requests.length) {
		const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId));
		if (!unit) throw notFound();
	}
	return collectTimeline(db, requests);
}
