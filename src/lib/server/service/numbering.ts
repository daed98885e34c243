import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { numberSequences } from '../db/schema';

/** Display form number of a request: branch code, Jalali year, six-digit sequence (`THR-01-1405-000123`). */
export function formatFormNumber(branchCode: string, jalaliYear: number, seq: number): string {
	return `${branchCode}-${jalaliYear}-${String(seq).padStart(6, '0')}`;
}

/** Display number of a bulk intake list (`THR-01-1405-L0007`). */
export function formatListNumber(branchCode: string, jalaliYear: number, seq: number): string {
	return `${branchCode}-${jalaliYear}-L${String(seq).padStart(4, '0')}`;
}

// Scopes use the branch id, not its code: an admin may rename a code, and the sequence must
// carry on rather than restart and collide with (branch, year, seq) numbers already issued.
/** Sequence scope of request form numbers for one branch and Jalali year. */
export function formScope(branchId: number, jalaliYear: number): string {
	return `form:${branchId}:${jalaliYear}`;
}

/** Sequence scope of bulk list numbers for one branch and Jalali year. */
export function listScope(branchId: number, jalaliYear: number): string {
	return `list:${branchId}:${jalaliYear}`;
}

/**
 * Takes the next number of a scope. The upsert row-locks the counter until the caller's
 * transaction ends: concurrent callers wait their turn, and a rolled-back caller gives its
 * number back, so the sequence has no gaps.
 */
export async function nextNumber(tx: Executor, scope: string): Promise<number> {
	const [row] = await tx
		.insert(numberSequences)
		.values({ scope, lastValue: 1 })
		.onConflictDoUpdate({
			target: numberSequences.scope,
			set: { lastValue: sql`${numberSequences.lastValue} + 1` }
		})
		.returning({ lastValue: numberSequences.lastValue });
	return row!.lastValue;
}
