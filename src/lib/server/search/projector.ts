/**
 * Keeps the search documents in step with the service path: registered once per process (the
 * app's startup, the integration-test setup and the scripts import this module), it runs inside
 * the writing transaction for every service event and rewrites the documents of the requests
 * the event touches, so a search right after a write already sees it.
 */
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { serviceOrders, serviceRequests, workLogs } from '../db/schema';
import { registerProjector, type DomainEventInput } from '../events/record';
import { refreshRequestFamilies } from './documents';

/** Event families whose writes change what a search document shows. */
export const SEARCH_EVENT_PREFIXES = [
	'service_request.',
	'service_order.',
	'work_log.',
	'qc_review.',
	'estimate.',
	'delivery.',
	'replacement.',
	'request_list.',
	'attachment.',
	'customer.'
];

function asId(value: unknown): number | null {
	const n = typeof value === 'string' ? Number(value) : value;
	return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The requests an event's change belongs to. */
export async function requestsOfEvent(
	tx: Executor,
	event: Pick<DomainEventInput, 'aggregateType' | 'aggregateId' | 'payload'>
): Promise<number[]> {
	const payload = event.payload ?? {};
	const aggregateId = asId(event.aggregateId);
	const fromPayload = asId(payload.requestId);
	if (event.aggregateType === 'service_request' && aggregateId) return [aggregateId];
	if (fromPayload) return [fromPayload];
	if (!aggregateId) return [];
	if (event.aggregateType === 'service_order') {
		const rows = await tx
			.select({ id: serviceOrders.requestId })
			.from(serviceOrders)
			.where(eq(serviceOrders.id, aggregateId));
		return rows.map((r) => r.id);
	}
	if (event.aggregateType === 'work_log') {
		const rows = await tx
			.select({ id: workLogs.requestId })
			.from(workLogs)
			.where(eq(workLogs.id, aggregateId));
		return rows.map((r) => r.id);
	}
	if (event.aggregateType === 'customer') {
		const rows = await tx
			.select({ id: serviceRequests.id })
			.from(serviceRequests)
			.where(eq(serviceRequests.customerId, aggregateId));
		return rows.map((r) => r.id);
	}
	if (event.aggregateType === 'request_list') {
		const rows = await tx
			.select({ id: serviceRequests.id })
			.from(serviceRequests)
			.where(eq(serviceRequests.listId, aggregateId));
		return rows.map((r) => r.id);
	}
	return [];
}

/** Rewrites the search documents an event touches, in the caller's transaction. */
export async function projectSearchEvent(tx: Executor, event: DomainEventInput): Promise<void> {
	await refreshRequestFamilies(tx, await requestsOfEvent(tx, event));
}

registerProjector({
	name: 'search',
	eventPrefixes: SEARCH_EVENT_PREFIXES,
	project: projectSearchEvent
});

/** Counts of stored documents per kind (health view, reindex checks). */
export async function countDocuments(
	db: Executor
): Promise<Record<'requests' | 'orders' | 'work-logs', number>> {
	const result = await db.execute(
		sql`select (select count(*) from search_request)::int as r, (select count(*) from search_order)::int as o, (select count(*) from search_work_log)::int as w`
	);
	const row = (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows[0]) as {
		r: number;
		o: number;
		w: number;
	};
	return { requests: Number(row.r), orders: Number(row.o), 'work-logs': Number(row.w) };
}
