import type { Executor } from '../db';
import { recordChange, type DomainEventInput, type HistoryInput } from '../events/record';

/**
 * History row + outbox event of a stock, billing or payroll change; the event carries the same
 * fields as the timeline so webhook and API consumers need no second read.
 */
export async function recordLedgerChange(
	tx: Executor,
	change: HistoryInput &
		Omit<DomainEventInput, 'aggregateType' | 'aggregateId' | 'payload'> & {
			changes: Record<string, unknown>;
		}
): Promise<number> {
	return recordChange(tx, { ...change, payload: change.changes });
}
