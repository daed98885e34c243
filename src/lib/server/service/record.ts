import { jsonSafe } from '../catalog/changes';
import type { Executor } from '../db';
import { recordChange } from '../events/record';

/** One change of the service path as it is written to history and the outbox. */
export interface ServiceChange {
	/** service_request, service_order, estimate, work_log, qc_review, delivery, replacement, attachment, request_list. */
	entityType: string;
	entityId: number;
	/** Past-tense verb; the event type is `<entityType>.<action>` unless `type` says otherwise. */
	action: string;
	/** Null for changes that belong to no branch (rules). */
	branchId: number | null;
	/** What changed, shown on the timeline. */
	changes: Record<string, unknown>;
	/** Extra event fields consumers need (technicianId for notifications…); merged over `changes`. */
	payload?: Record<string, unknown>;
	type?: string;
}

/** Writes the history row and the outbox event of a change, in the caller's transaction. */
export async function recordServiceChange(
	tx: Executor,
	actorId: number | null,
	change: ServiceChange
): Promise<void> {
	const changes = jsonSafe(change.changes);
	await recordChange(tx, {
		entityType: change.entityType,
		entityId: change.entityId,
		action: change.action,
		actorId,
		changes,
		type: change.type ?? `${change.entityType}.${change.action}`,
		branchId: change.branchId,
		payload: { ...changes, ...jsonSafe(change.payload ?? {}) }
	});
}
