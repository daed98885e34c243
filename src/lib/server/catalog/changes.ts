import type { Executor, Tx } from '../db';
import { recordChange } from '../events/record';

/** Writes the history row and outbox event of one master-data change, in the caller's transaction. */
export async function recordMasterChange(
	tx: Executor,
	entityType: string,
	entityId: number | string,
	action: string,
	actorId: number | null,
	changes: Record<string, unknown> = {},
	branchId: number | null = null
): Promise<void> {
	await recordChange(tx, {
		entityType,
		entityId,
		action,
		actorId,
		changes: jsonSafe(changes),
		type: `${entityType}.${action}`,
		branchId,
		payload: jsonSafe(changes)
	});
}

/** JSON columns cannot hold bigint or Date as such; amounts become strings, dates ISO text. */
export function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(value).map(([k, v]) => [
			k,
			typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v
		])
	);
}

/** Postgres foreign-key violation (the row is still referenced) across both drivers. */
export function isForeignKeyViolation(error: unknown): boolean {
	const e = error as { code?: string; cause?: { code?: string } };
	return e?.code === '23503' || e?.cause?.code === '23503';
}

/** What happened to a row someone asked to delete. */
export type RemovalOutcome = 'deleted' | 'deactivated';

/**
 * Deletes a row unless something still refers to it, in which case it is only deactivated:
 * documents must keep naming what they named. The attempt runs in a savepoint so a refused
 * delete does not abort the caller's transaction; the database's foreign keys decide, so tables
 * added later by other contexts are respected without this code knowing them.
 */
export async function deleteOrDeactivate(
	tx: Tx,
	remove: (sp: Tx) => Promise<unknown>,
	deactivate: (tx: Tx) => Promise<unknown>
): Promise<RemovalOutcome> {
	try {
		await tx.transaction(async (sp) => {
			await remove(sp);
		});
		return 'deleted';
	} catch (error) {
		if (!isForeignKeyViolation(error)) throw error;
		await deactivate(tx);
		return 'deactivated';
	}
}

/** The fields of `patch` whose value differs from the current row. */
export function diff(
	current: Record<string, unknown>,
	patch: Record<string, unknown>
): Record<string, unknown> {
	const changes: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		const before = current[key];
		const same =
			before instanceof Date && value instanceof Date
				? before.getTime() === value.getTime()
				: before === value;
		if (!same) changes[key] = value;
	}
	return changes;
}
