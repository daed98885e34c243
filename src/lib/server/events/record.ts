import type { Executor } from '../db';
import { history, outbox } from '../db/schema';

export interface DomainEventInput {
	/** Dotted past-tense name, e.g. `user.created`, `service_request.status_changed`. */
	type: string;
	aggregateType: string;
	aggregateId: string | number;
	/** Branch the event belongs to, so boards and sockets can be scoped; null for global events. */
	branchId?: number | null;
	payload?: Record<string, unknown>;
}

export interface HistoryInput {
	entityType: string;
	entityId: string | number;
	action: string;
	actorId: number | null;
	changes?: Record<string, unknown>;
}

/**
 * A projection kept in step with the writes, in the same transaction (e.g. search documents):
 * it runs for every event whose type starts with one of its prefixes, before commit.
 */
export interface InTransactionProjector {
	name: string;
	eventPrefixes: string[];
	project: (tx: Executor, event: DomainEventInput) => Promise<void>;
}

const projectors: InTransactionProjector[] = [];

/** Registers a projector once per process (re-registering the same name replaces it). */
export function registerProjector(projector: InTransactionProjector): void {
	const index = projectors.findIndex((p) => p.name === projector.name);
	if (index >= 0) projectors[index] = projector;
	else projectors.push(projector);
}

/**
 * Appends a domain event to the outbox. Call it with the transaction that makes the change, so
 * the event exists exactly when the change does; consumers read it only after commit.
 */
export async function emitEvent(tx: Executor, event: DomainEventInput): Promise<number> {
	const [row] = await tx
		.insert(outbox)
		.values({
			type: event.type,
			aggregateType: event.aggregateType,
			aggregateId: String(event.aggregateId),
			branchId: event.branchId ?? null,
			payload: event.payload ?? {}
		})
		.returning({ id: outbox.id });
	for (const projector of projectors) {
		if (projector.eventPrefixes.some((prefix) => event.type.startsWith(prefix)))
			await projector.project(tx, event);
	}
	return row.id;
}

/** Writes one timeline row (who, when, what changed) in the caller's transaction. */
export async function recordHistory(tx: Executor, entry: HistoryInput): Promise<void> {
	await tx.insert(history).values({
		entityType: entry.entityType,
		entityId: String(entry.entityId),
		action: entry.action,
		actorId: entry.actorId,
		changes: entry.changes ?? {}
	});
}

/** The common case: a history row and its domain event, together, in the same transaction. */
export async function recordChange(
	tx: Executor,
	change: HistoryInput & Omit<DomainEventInput, 'aggregateType' | 'aggregateId'>
): Promise<number> {
	await recordHistory(tx, change);
	return emitEvent(tx, {
		type: change.type,
		aggregateType: change.entityType,
		aggregateId: change.entityId,
		branchId: change.branchId,
		payload: { ...(change.payload ?? {}), actorId: change.actorId }
	});
}
