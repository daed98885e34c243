import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { requirePermission, type Actor, type Grants } from '#lib/server/auth/access';
import { notSystemUser } from '#lib/server/auth/system-users';
import { getDb, type Executor } from '#lib/server/db';
import { userGroupMembers, userGroups, users, type UserGroup } from '#lib/server/db/schema';
import { recordChange } from '#lib/server/events/record';
import { AppError, isUniqueViolation, notFound } from '#lib/server/http/errors';
import { diffGrants, loadGrantSets, replaceGrants } from './grants';
import type { GroupCreateInput, GroupUpdateInput } from './schemas';

export interface GroupView {
	id: number;
	name: string;
	description: string;
	memberIds: number[];
	/** Granted to every member at once. */
	grants: Grants;
}

async function toViews(tx: Executor, rows: UserGroup[]): Promise<GroupView[]> {
	const ids = rows.map((g) => g.id);
	const grantSets = await loadGrantSets(tx, 'groupId', ids);
	const members = ids.length
		? await tx
				.select({ groupId: userGroupMembers.groupId, userId: userGroupMembers.userId })
				.from(userGroupMembers)
				.where(inArray(userGroupMembers.groupId, ids))
				.orderBy(asc(userGroupMembers.userId))
		: [];
	return rows.map((g) => ({
		id: g.id,
		name: g.name,
		description: g.description,
		memberIds: members.filter((m) => m.groupId === g.id).map((m) => m.userId),
		grants: grantSets.get(g.id) ?? {}
	}));
}

async function findGroup(tx: Executor, id: number, lock = false): Promise<UserGroup> {
	const query = tx.select().from(userGroups).where(eq(userGroups.id, id));
	const [group] = lock ? await query.for('update') : await query;
	if (!group) throw notFound();
	return group;
}

function nameTakenError(): AppError {
	return new AppError(409, 'name_taken', 'error.nameTaken', undefined, {
		name: { key: 'error.nameTaken' }
	});
}

async function assertNameFree(tx: Executor, name: string, exceptId?: number): Promise<void> {
	const [clash] = await tx
		.select({ id: userGroups.id })
		.from(userGroups)
		.where(
			and(
				sql`lower(${userGroups.name}) = lower(${name})`,
				exceptId ? ne(userGroups.id, exceptId) : undefined
			)
		);
	if (clash) throw nameTakenError();
}

async function setMembers(tx: Executor, groupId: number, memberIds: number[]): Promise<void> {
	const unique = [...new Set(memberIds)];
	if (unique.length) {
		// Built-in users are not people: they cannot be made members of a group.
		const found = await tx
			.select({ id: users.id })
			.from(users)
			.where(and(inArray(users.id, unique), notSystemUser()));
		if (found.length !== unique.length) {
			throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
				memberIds: { key: 'validation.invalid' }
			});
		}
	}
	await tx.delete(userGroupMembers).where(eq(userGroupMembers.groupId, groupId));
	if (unique.length)
		await tx.insert(userGroupMembers).values(unique.map((userId) => ({ groupId, userId })));
}

/** Every user group with its members and grants, by name. */
export async function listGroups(actor: Actor): Promise<GroupView[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	return toViews(db, await db.select().from(userGroups).orderBy(asc(userGroups.name)));
}

/** One user group with its members and grants. */
export async function getGroup(actor: Actor, id: number): Promise<GroupView> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const [view] = await toViews(db, [await findGroup(db, id)]);
	return view;
}

/** Creates a group with its members and the grants they all receive. */
export async function createGroup(actor: Actor, input: GroupCreateInput): Promise<GroupView> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			await assertNameFree(tx, input.name);
			const [group] = await tx
				.insert(userGroups)
				.values({ name: input.name, description: input.description })
				.returning();
			await setMembers(tx, group.id, input.memberIds);
			await replaceGrants(tx, { groupId: group.id }, input.grants);
			await recordChange(tx, {
				type: 'user_group.created',
				entityType: 'user_group',
				entityId: group.id,
				action: 'created',
				actorId: actor.user.id,
				changes: { name: group.name, memberIds: input.memberIds, grants: input.grants },
				payload: { name: group.name }
			});
			const [view] = await toViews(tx, [group]);
			return view;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw nameTakenError();
		throw error;
	}
}

/** Renames a group, replaces its members and/or its grants (members gain or lose them at once). */
export async function updateGroup(
	actor: Actor,
	id: number,
	input: GroupUpdateInput
): Promise<GroupView> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const before = await findGroup(tx, id, true);
			const [current] = await toViews(tx, [before]);
			if (input.name !== undefined && input.name.toLowerCase() !== before.name.toLowerCase()) {
				await assertNameFree(tx, input.name, id);
			}
			const changes: Record<string, unknown> = {};
			if (input.name !== undefined && input.name !== before.name)
				changes.name = { from: before.name, to: input.name };
			if (input.description !== undefined && input.description !== before.description) {
				changes.description = { from: before.description, to: input.description };
			}
			if (input.memberIds) {
				const after = [...new Set(input.memberIds)].sort((a, b) => a - b);
				const added = after.filter((m) => !current.memberIds.includes(m));
				const removed = current.memberIds.filter((m) => !after.includes(m));
				if (added.length || removed.length) changes.members = { added, removed };
			}
			const grantChanges = input.grants ? diffGrants(current.grants, input.grants) : {};
			if (Object.keys(grantChanges).length) changes.grants = grantChanges;
			if (!Object.keys(changes).length) return current;

			const [group] = await tx
				.update(userGroups)
				.set({
					name: input.name ?? before.name,
					description: input.description ?? before.description
				})
				.where(eq(userGroups.id, id))
				.returning();
			if (changes.members) await setMembers(tx, id, input.memberIds!);
			if (changes.grants) await replaceGrants(tx, { groupId: id }, input.grants!);
			await recordChange(tx, {
				type: 'user_group.updated',
				entityType: 'user_group',
				entityId: id,
				action: 'updated',
				actorId: actor.user.id,
				changes,
				payload: { name: group.name, fields: Object.keys(changes) }
			});
			const [view] = await toViews(tx, [group]);
			return view;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw nameTakenError();
		throw error;
	}
}

/** Deletes a group; its members keep their roles and direct grants, only the group's go. */
export async function deleteGroup(actor: Actor, id: number): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	await db.transaction(async (tx) => {
		const group = await findGroup(tx, id, true);
		const [view] = await toViews(tx, [group]);
		await tx.delete(userGroups).where(eq(userGroups.id, id));
		await recordChange(tx, {
			type: 'user_group.deleted',
			entityType: 'user_group',
			entityId: id,
			action: 'deleted',
			actorId: actor.user.id,
			changes: { name: group.name, memberIds: view.memberIds, grants: view.grants },
			payload: { name: group.name }
		});
	});
}
