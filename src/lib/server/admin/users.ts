import { and, asc, eq, gt, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { AGENCY_SCOPED_ROLES } from '#lib/domain/permissions';
import { normalizePersian } from '#lib/domain/text';
import { loadGrants, requirePermission, type Actor, type Grants } from '#lib/server/auth/access';
import { hashPassword } from '#lib/server/auth/password';
import { notSystemUser } from '#lib/server/auth/system-users';
import { getDb, type Executor } from '#lib/server/db';
import {
	agencies,
	branches,
	roles,
	sessions,
	userGroupMembers,
	userGroups,
	userRoles,
	users,
	type User
} from '#lib/server/db/schema';
import { recordChange } from '#lib/server/events/record';
import {
	AppError,
	isUniqueViolation,
	notFound,
	parseOrThrow,
	type FieldErrors
} from '#lib/server/http/errors';
import { staleError } from './audit';
import { diffGrants, loadGrantSets, replaceGrants } from './grants';
import {
	userListQuerySchema,
	type UserCreateInput,
	type UserListQuery,
	type UserUpdateFormInput
} from './schemas';

export interface RoleRef {
	id: number;
	key: string;
	nameFa: string;
	nameEn: string;
}

export interface UserSummary {
	id: number;
	username: string;
	displayName: string;
	branchId: number | null;
	agencyId: number | null;
	active: boolean;
	roles: RoleRef[];
}

export interface UserDetail extends Omit<UserSummary, 'roles'> {
	locale: 'fa' | 'en';
	mobile: string | null;
	personnelNo: string | null;
	version: number;
	roles: RoleRef[];
	groups: { id: number; name: string }[];
	/** Granted to this user alone. */
	grants: Grants;
	/** What the user can actually do: roles, groups and direct grants together. */
	effectiveGrants: Grants;
	createdAt: Date;
	updatedAt: Date;
}

const ADMIN_ROLE_KEY = 'admin';

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A branch-scoped administrator manages only the users of their own branch; nobody manages the
 * built-in users (the tracking page's, the customer channels'): they are not listed, offered or
 * editable, so no one can give them roles or a password.
 */
function scopeCondition(actor: Actor): SQL | undefined {
	return and(
		notSystemUser(),
		actor.user.branchId === null ? undefined : eq(users.branchId, actor.user.branchId)
	);
}

async function rolesOf(tx: Executor, userIds: number[]): Promise<Map<number, RoleRef[]>> {
	const map = new Map<number, RoleRef[]>();
	if (!userIds.length) return map;
	const rows = await tx
		.select({
			userId: userRoles.userId,
			id: roles.id,
			key: roles.key,
			nameFa: roles.nameFa,
			nameEn: roles.nameEn
		})
		.from(userRoles)
		.innerJoin(roles, eq(roles.id, userRoles.roleId))
		.where(inArray(userRoles.userId, userIds))
		.orderBy(asc(roles.id));
	for (const { userId, ...role } of rows) map.set(userId, [...(map.get(userId) ?? []), role]);
	return map;
}

/** Users matching a search (username or name), role, branch and status, one page at a time. */
export async function listUsers(
	actor: Actor,
	rawQuery: UserListQuery = {}
): Promise<{ items: UserSummary[]; nextCursor: string | null }> {
	requirePermission(actor, 'admin', 'view');
	const query = parseOrThrow(userListQuerySchema, rawQuery);
	const db = await getDb();
	const conditions: (SQL | undefined)[] = [scopeCondition(actor)];
	if (query.q) {
		const pattern = `%${escapeLike(normalizePersian(query.q))}%`;
		// Names are compared the way normalizePersian folds them: Arabic ي/ك/ى and half-spaces.
		const folded = sql`translate(lower(${users.displayName}), ${'يكى\u200c'}, ${'یکی '})`;
		conditions.push(or(sql`${users.username} like ${pattern}`, sql`${folded} like ${pattern}`));
	}
	if (query.roleId) {
		conditions.push(
			sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.roleId} = ${query.roleId})`
		);
	}
	if (query.branchId) conditions.push(eq(users.branchId, query.branchId));
	if (query.active) conditions.push(eq(users.active, query.active === 'true'));
	if (query.cursor) conditions.push(gt(users.id, Number(query.cursor)));
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			branchId: users.branchId,
			agencyId: users.agencyId,
			active: users.active
		})
		.from(users)
		.where(and(...conditions))
		.orderBy(asc(users.id))
		.limit(query.limit + 1);
	const page = rows.slice(0, query.limit);
	const roleMap = await rolesOf(
		db,
		page.map((u) => u.id)
	);
	return {
		items: page.map((u) => ({ ...u, roles: roleMap.get(u.id) ?? [] })),
		nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null
	};
}

/** Active users as choices for pickers (group members), within the actor's branch scope. */
export async function listUserChoices(
	actor: Actor
): Promise<{ id: number; username: string; displayName: string; active: boolean }[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	return db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			active: users.active
		})
		.from(users)
		.where(scopeCondition(actor))
		.orderBy(asc(users.displayName));
}

async function loadDetail(tx: Executor, user: User): Promise<UserDetail> {
	// Sequential on purpose: inside a transaction every query shares one connection anyway.
	const roleMap = await rolesOf(tx, [user.id]);
	const groups = await tx
		.select({ id: userGroups.id, name: userGroups.name })
		.from(userGroupMembers)
		.innerJoin(userGroups, eq(userGroups.id, userGroupMembers.groupId))
		.where(eq(userGroupMembers.userId, user.id))
		.orderBy(asc(userGroups.name));
	const direct = await loadGrantSets(tx, 'userId', [user.id]);
	const effective = await loadGrants(user.id, tx);
	return {
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		locale: user.locale,
		branchId: user.branchId,
		agencyId: user.agencyId,
		mobile: user.mobile,
		personnelNo: user.personnelNo,
		active: user.active,
		version: user.version,
		roles: roleMap.get(user.id) ?? [],
		groups,
		grants: direct.get(user.id) ?? {},
		effectiveGrants: effective,
		createdAt: user.createdAt,
		updatedAt: user.updatedAt
	};
}

async function findScoped(tx: Executor, actor: Actor, id: number, lock = false): Promise<User> {
	const query = tx
		.select()
		.from(users)
		.where(and(eq(users.id, id), scopeCondition(actor)));
	const [user] = lock ? await query.for('update') : await query;
	// Outside the actor's branch looks exactly like missing, so scope cannot be probed.
	if (!user) throw notFound();
	return user;
}

/** One user with roles, groups, direct and effective grants. */
export async function getUser(actor: Actor, id: number): Promise<UserDetail> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	return loadDetail(db, await findScoped(db, actor, id));
}

interface References {
	branchId: number | null;
	agencyId: number | null;
	roleIds: number[];
	groupIds: number[];
}

/**
 * Checks that every referenced branch, agency, role and group exists and fits together; returns
 * the chosen roles so callers can reason about them (admin, agent).
 */
async function checkReferences(tx: Executor, actor: Actor, refs: References): Promise<RoleRef[]> {
	const fields: FieldErrors = {};
	if (actor.user.branchId !== null && refs.branchId !== actor.user.branchId) {
		fields.branchId = { key: 'admin.users.branchOutOfScope' };
	} else if (refs.branchId !== null) {
		const [branch] = await tx
			.select({ id: branches.id })
			.from(branches)
			.where(eq(branches.id, refs.branchId));
		if (!branch) fields.branchId = { key: 'validation.invalid' };
	}
	if (refs.agencyId !== null) {
		const [agency] = await tx
			.select({ id: agencies.id, branchId: agencies.branchId })
			.from(agencies)
			.where(eq(agencies.id, refs.agencyId));
		if (!agency) fields.agencyId = { key: 'validation.invalid' };
		else if (refs.branchId !== null && agency.branchId !== refs.branchId) {
			fields.agencyId = { key: 'admin.users.agencyOtherBranch' };
		}
	}
	const roleIds = [...new Set(refs.roleIds)];
	const chosenRoles = roleIds.length
		? await tx
				.select({ id: roles.id, key: roles.key, nameFa: roles.nameFa, nameEn: roles.nameEn })
				.from(roles)
				.where(inArray(roles.id, roleIds))
		: [];
	if (chosenRoles.length !== roleIds.length) fields.roleIds = { key: 'validation.invalid' };
	const groupIds = [...new Set(refs.groupIds)];
	if (groupIds.length) {
		const found = await tx
			.select({ id: userGroups.id })
			.from(userGroups)
			.where(inArray(userGroups.id, groupIds));
		if (found.length !== groupIds.length) fields.groupIds = { key: 'validation.invalid' };
	}
	// Agents see only their agency's requests, so an agent without an agency would see nothing useful.
	const agencyScoped = chosenRoles.some((r) =>
		(AGENCY_SCOPED_ROLES as readonly string[]).includes(r.key)
	);
	if (agencyScoped && refs.agencyId === null && !fields.agencyId) {
		fields.agencyId = { key: 'admin.users.agencyRequired' };
	}
	if (Object.keys(fields).length) {
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, fields);
	}
	return chosenRoles;
}

async function usernameTaken(tx: Executor, username: string, exceptId?: number): Promise<boolean> {
	const [row] = await tx
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.username, username), exceptId ? ne(users.id, exceptId) : undefined));
	return Boolean(row);
}

function usernameTakenError(): AppError {
	return new AppError(409, 'username_taken', 'error.usernameTaken', undefined, {
		username: { key: 'error.usernameTaken' }
	});
}

/**
 * Refuses a change that would leave no active administrator. The admin role row is locked first,
 * so two administrators demoting each other at the same moment cannot both succeed.
 */
async function assertAnotherAdminRemains(tx: Executor, userId: number): Promise<void> {
	const [adminRole] = await tx
		.select({ id: roles.id })
		.from(roles)
		.where(eq(roles.key, ADMIN_ROLE_KEY))
		// NO KEY UPDATE still serialises admin checks but lets role assignments (FK checks) proceed.
		.for('no key update');
	if (!adminRole) return;
	const [row] = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.where(and(eq(userRoles.roleId, adminRole.id), eq(users.active, true), ne(users.id, userId)));
	if ((row?.n ?? 0) === 0) throw new AppError(409, 'last_admin', 'error.lastAdmin');
}

async function setMemberships(
	tx: Executor,
	userId: number,
	roleIds: number[],
	groupIds: number[] | undefined
) {
	await tx.delete(userRoles).where(eq(userRoles.userId, userId));
	const uniqueRoles = [...new Set(roleIds)];
	if (uniqueRoles.length)
		await tx.insert(userRoles).values(uniqueRoles.map((roleId) => ({ userId, roleId })));
	if (groupIds === undefined) return;
	await tx.delete(userGroupMembers).where(eq(userGroupMembers.userId, userId));
	const uniqueGroups = [...new Set(groupIds)];
	if (uniqueGroups.length) {
		await tx.insert(userGroupMembers).values(uniqueGroups.map((groupId) => ({ userId, groupId })));
	}
}

/** Creates a user with roles, groups, branch scope and direct grants. */
export async function createUser(actor: Actor, input: UserCreateInput): Promise<UserDetail> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	const passwordHash = await hashPassword(input.password);
	try {
		return await db.transaction(async (tx) => {
			if (await usernameTaken(tx, input.username)) throw usernameTakenError();
			const chosenRoles = await checkReferences(tx, actor, input);
			const [user] = await tx
				.insert(users)
				.values({
					username: input.username,
					displayName: input.displayName,
					passwordHash,
					locale: input.locale,
					branchId: input.branchId,
					agencyId: input.agencyId,
					mobile: input.mobile,
					personnelNo: input.personnelNo,
					active: input.active
				})
				.returning();
			await setMemberships(tx, user.id, input.roleIds, input.groupIds);
			await replaceGrants(tx, { userId: user.id }, input.grants);
			await recordChange(tx, {
				type: 'user.created',
				entityType: 'user',
				entityId: user.id,
				action: 'created',
				actorId: actor.user.id,
				branchId: user.branchId,
				changes: {
					username: user.username,
					displayName: user.displayName,
					branchId: user.branchId,
					agencyId: user.agencyId,
					roles: chosenRoles.map((r) => r.key),
					groupIds: input.groupIds,
					grants: input.grants,
					active: user.active
				},
				payload: { username: user.username }
			});
			return loadDetail(tx, user);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw usernameTakenError();
		throw error;
	}
}

const SCALAR_FIELDS = [
	'username',
	'displayName',
	'mobile',
	'personnelNo',
	'locale',
	'branchId',
	'agencyId',
	'active'
] as const;

/**
 * Saves an edit made from `input.version`; a newer version means someone else saved meanwhile
 * (409 naming them). Deactivating ends the user's sessions; the last active admin stays one.
 */
export async function updateUser(
	actor: Actor,
	id: number,
	input: UserUpdateFormInput
): Promise<UserDetail> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	const passwordHash = input.password ? await hashPassword(input.password) : undefined;
	try {
		return await db.transaction(async (tx) => {
			const before = await findScoped(tx, actor, id, true);
			if (before.version !== input.version)
				throw await staleError(tx, actor, 'user', id, before.updatedAt);
			const current = await loadDetail(tx, before);
			const next = {
				username: input.username ?? before.username,
				displayName: input.displayName ?? before.displayName,
				mobile: input.mobile === undefined ? before.mobile : input.mobile,
				personnelNo: input.personnelNo === undefined ? before.personnelNo : input.personnelNo,
				locale: input.locale ?? before.locale,
				branchId: input.branchId === undefined ? before.branchId : input.branchId,
				agencyId: input.agencyId === undefined ? before.agencyId : input.agencyId,
				active: input.active ?? before.active
			};
			const roleIds = input.roleIds ?? current.roles.map((r) => r.id);
			const groupIds = input.groupIds ?? current.groups.map((g) => g.id);
			const grantsAfter = input.grants ?? current.grants;

			if (next.username !== before.username && (await usernameTaken(tx, next.username, id))) {
				throw usernameTakenError();
			}
			const chosenRoles = await checkReferences(tx, actor, { ...next, roleIds, groupIds });

			const wasAdmin = before.active && current.roles.some((r) => r.key === ADMIN_ROLE_KEY);
			const staysAdmin = next.active && chosenRoles.some((r) => r.key === ADMIN_ROLE_KEY);
			if (wasAdmin && !staysAdmin) await assertAnotherAdminRemains(tx, id);

			const changes: Record<string, unknown> = {};
			for (const field of SCALAR_FIELDS) {
				if (next[field] !== before[field])
					changes[field] = { from: before[field], to: next[field] };
			}
			const rolesBefore = current.roles.map((r) => r.key).sort();
			const rolesAfter = chosenRoles.map((r) => r.key).sort();
			if (rolesBefore.join() !== rolesAfter.join())
				changes.roles = { from: rolesBefore, to: rolesAfter };
			const groupsBefore = current.groups.map((g) => g.id).sort((a, b) => a - b);
			const groupsAfter = [...new Set(groupIds)].sort((a, b) => a - b);
			if (groupsBefore.join() !== groupsAfter.join())
				changes.groupIds = { from: groupsBefore, to: groupsAfter };
			const grantChanges = diffGrants(current.grants, grantsAfter);
			if (Object.keys(grantChanges).length) changes.grants = grantChanges;
			// The history says that the password changed, never anything about it.
			if (passwordHash) changes.password = 'changed';
			if (!Object.keys(changes).length) return current;

			const [user] = await tx
				.update(users)
				.set({
					...next,
					...(passwordHash ? { passwordHash } : {}),
					version: before.version + 1,
					updatedAt: new Date()
				})
				.where(eq(users.id, id))
				.returning();
			if (changes.roles || changes.groupIds) await setMemberships(tx, id, roleIds, groupIds);
			if (changes.grants) await replaceGrants(tx, { userId: id }, grantsAfter);
			const deactivated = before.active && !next.active;
			if (deactivated || passwordHash) await endSessions(tx, actor, id);
			const action = deactivated
				? 'deactivated'
				: !before.active && next.active
					? 'reactivated'
					: 'updated';
			await recordChange(tx, {
				type: `user.${action}`,
				entityType: 'user',
				entityId: id,
				action,
				actorId: actor.user.id,
				branchId: user.branchId,
				changes,
				payload: { username: user.username, fields: Object.keys(changes) }
			});
			return loadDetail(tx, user);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw usernameTakenError();
		throw error;
	}
}

/** Ends a user's sessions; an administrator acting on their own account keeps the current one. */
async function endSessions(tx: Executor, actor: Actor, userId: number): Promise<void> {
	const keep = actor.user.id === userId ? ne(sessions.id, actor.sessionId) : undefined;
	await tx.delete(sessions).where(and(eq(sessions.userId, userId), keep));
}

async function setActive(actor: Actor, id: number, active: boolean): Promise<UserDetail> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	const { version } = await findScoped(db, actor, id);
	// The caller asked for a state, not for an edit of what they saw: retry once if a concurrent
	// save bumped the version between the read and the write.
	try {
		return await updateUser(actor, id, { version, active });
	} catch (error) {
		if (!(error instanceof AppError) || error.code !== 'stale') throw error;
		const fresh = await findScoped(db, actor, id);
		return updateUser(actor, id, { version: fresh.version, active });
	}
}

/** Blocks sign-in and ends every session of the user; refused for the last active admin. */
export function deactivateUser(actor: Actor, id: number): Promise<UserDetail> {
	return setActive(actor, id, false);
}

/** Lets a deactivated user sign in again. */
export function reactivateUser(actor: Actor, id: number): Promise<UserDetail> {
	return setActive(actor, id, true);
}

/** Sets a new password chosen by an administrator and signs the user out everywhere. */
export async function resetPassword(actor: Actor, id: number, password: string): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		const user = await findScoped(tx, actor, id, true);
		await tx
			.update(users)
			.set({ passwordHash, version: user.version + 1, updatedAt: new Date() })
			.where(eq(users.id, id));
		await endSessions(tx, actor, id);
		await recordChange(tx, {
			type: 'user.password_reset',
			entityType: 'user',
			entityId: id,
			action: 'password_reset',
			actorId: actor.user.id,
			branchId: user.branchId,
			changes: { password: 'changed' },
			payload: { username: user.username }
		});
	});
}

/** Branches and agencies for the branch-scope and agency selects, within the actor's scope. */
export async function listScopeChoices(actor: Actor): Promise<{
	branches: { id: number; nameFa: string; nameEn: string }[];
	agencies: { id: number; name: string; branchId: number }[];
}> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const scope = actor.user.branchId;
	const [branchRows, agencyRows] = await Promise.all([
		db
			.select({ id: branches.id, nameFa: branches.nameFa, nameEn: branches.nameEn })
			.from(branches)
			.where(scope === null ? undefined : eq(branches.id, scope))
			.orderBy(asc(branches.code)),
		db
			.select({ id: agencies.id, name: agencies.name, branchId: agencies.branchId })
			.from(agencies)
			.where(scope === null ? undefined : eq(agencies.branchId, scope))
			.orderBy(asc(agencies.name))
	]);
	return { branches: branchRows, agencies: agencyRows };
}
