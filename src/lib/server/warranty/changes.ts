import type { Executor } from '../db';
import { history, outbox } from '../db/schema';
import { recordChange } from '../events/record';

export interface WarrantyChange {
	entityId: number;
	action: string;
	changes?: Record<string, unknown>;
	payload?: Record<string, unknown>;
}

/** JSON columns cannot hold Date as such; dates become ISO text. */
export function jsonDates(value: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(value).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])
	);
}

/** History row + outbox event `warranty.<action>` for one warranty, in the caller's transaction. */
export async function recordWarrantyChange(
	tx: Executor,
	actorId: number | null,
	change: WarrantyChange
): Promise<void> {
	await recordChange(tx, {
		entityType: 'warranty',
		entityId: change.entityId,
		action: change.action,
		actorId,
		changes: jsonDates(change.changes ?? {}),
		type: `warranty.${change.action}`,
		payload: jsonDates(change.payload ?? change.changes ?? {})
	});
}

/**
 * The same rows as recordChange for a whole selection at once: two multi-row inserts instead of
 * two statements per warranty, so deactivating a thousand cards stays one quick transaction.
 */
export async function recordWarrantyChanges(
	tx: Executor,
	actorId: number | null,
	list: WarrantyChange[]
): Promise<void> {
	if (!list.length) return;
	await tx.insert(history).values(
		list.map((c) => ({
			entityType: 'warranty',
			entityId: String(c.entityId),
			action: c.action,
			actorId,
			changes: jsonDates(c.changes ?? {})
		}))
	);
	await tx.insert(outbox).values(
		list.map((c) => ({
			type: `warranty.${c.action}`,
			aggregateType: 'warranty',
			aggregateId: String(c.entityId),
			branchId: null,
			payload: { ...jsonDates(c.payload ?? c.changes ?? {}), actorId }
		}))
	);
}
