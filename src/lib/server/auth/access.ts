import { eq, inArray, or } from 'drizzle-orm';
import { PERMISSION_AREAS, PERMISSION_LEVELS, levelAtLeast } from '#lib/domain/permissions';
import { getDb, type Executor } from '../db';
import { grants, userGroupMembers, userRoles, type User } from '../db/schema';
import { forbidden } from '../http/errors';

export type Area = (typeof PERMISSION_AREAS)[number];
export type Level = (typeof PERMISSION_LEVELS)[number];
export type Grants = Partial<Record<Area, Level>>;

/** Who is acting, with what effective permissions, and through which credential. */
export interface Actor {
	user: User;
	grants: Grants;
	sessionId: string;
	via: 'cookie' | 'bearer';
}

/** Effective permissions of a user: the highest level per area over roles, groups and direct grants. */
export async function loadGrants(userId: number, executor?: Executor): Promise<Grants> {
	const db = executor ?? (await getDb());
	const roleIds = db
		.select({ id: userRoles.roleId })
		.from(userRoles)
		.where(eq(userRoles.userId, userId));
	const groupIds = db
		.select({ id: userGroupMembers.groupId })
		.from(userGroupMembers)
		.where(eq(userGroupMembers.userId, userId));
	const rows = await db
		.select({ area: grants.area, level: grants.level })
		.from(grants)
		.where(
			or(
				eq(grants.userId, userId),
				inArray(grants.roleId, roleIds),
				inArray(grants.groupId, groupIds)
			)
		);
	return mergeGrants(rows);
}

/** Folds grant rows into the highest level per known area. */
export function mergeGrants(rows: { area: string; level: string }[]): Grants {
	const result: Grants = {};
	for (const { area, level } of rows) {
		if (!(PERMISSION_AREAS as readonly string[]).includes(area)) continue;
		if (!(PERMISSION_LEVELS as readonly string[]).includes(level)) continue;
		const current = result[area as Area];
		if (!current || levelAtLeast(level as Level, current)) result[area as Area] = level as Level;
	}
	return result;
}

/** Whether an actor holds at least `level` on `area`. */
export function can(
	actor: Pick<Actor, 'grants'> | null | undefined,
	area: Area,
	level: Level
): boolean {
	const granted = actor?.grants[area];
	return granted !== undefined && levelAtLeast(granted, level);
}

/** Throws 403 unless the actor holds the permission. */
export function requirePermission(
	actor: Pick<Actor, 'grants'> | null | undefined,
	area: Area,
	level: Level
): void {
	if (!can(actor, area, level)) throw forbidden();
}

/** Branch ids the actor may see; null means all branches. */
export function branchScope(actor: Pick<Actor, 'user'>): number | null {
	return actor.user.branchId;
}
