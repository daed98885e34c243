import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { PERMISSION_AREAS } from '#lib/domain/permissions';
import { mergeGrants, type Grants } from '#lib/server/auth/access';
import type { Executor } from '#lib/server/db';
import { grants } from '#lib/server/db/schema';

/** Exactly one holder owns a grant row. */
export type GrantHolder = { roleId: number } | { groupId: number } | { userId: number };

function holderColumn(holder: GrantHolder) {
	if ('roleId' in holder) return { column: grants.roleId, id: holder.roleId };
	if ('groupId' in holder) return { column: grants.groupId, id: holder.groupId };
	return { column: grants.userId, id: holder.userId };
}

/** Replaces a holder's whole grant set (the matrix is saved as a unit). */
export async function replaceGrants(tx: Executor, holder: GrantHolder, set: Grants): Promise<void> {
	const { column, id } = holderColumn(holder);
	await tx.delete(grants).where(eq(column, id));
	const rows = PERMISSION_AREAS.filter((area) => set[area]).map((area) => ({
		...holder,
		area,
		level: set[area]!
	}));
	if (rows.length) await tx.insert(grants).values(rows);
}

/** Grant sets of many holders of one kind at once, keyed by holder id. */
export async function loadGrantSets(
	tx: Executor,
	kind: 'roleId' | 'groupId' | 'userId',
	ids: number[]
): Promise<Map<number, Grants>> {
	const result = new Map<number, Grants>();
	if (!ids.length) return result;
	const column = grants[kind];
	const rows = await tx
		.select({ holder: column, area: grants.area, level: grants.level })
		.from(grants)
		.where(and(isNotNull(column), inArray(column, ids)));
	const byHolder = new Map<number, { area: string; level: string }[]>();
	for (const row of rows) {
		const list = byHolder.get(row.holder!) ?? [];
		list.push(row);
		byHolder.set(row.holder!, list);
	}
	for (const id of ids) result.set(id, mergeGrants(byHolder.get(id) ?? []));
	return result;
}

/** Which areas changed level between two grant sets, for history rows. */
export function diffGrants(
	before: Grants,
	after: Grants
): Record<string, { from: string; to: string }> {
	const changes: Record<string, { from: string; to: string }> = {};
	for (const area of PERMISSION_AREAS) {
		const from = before[area] ?? 'none';
		const to = after[area] ?? 'none';
		if (from !== to) changes[area] = { from, to };
	}
	return changes;
}
