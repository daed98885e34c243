/**
 * Tracking groups (گروه‌های پیگیری): a user group follows requests by branch, agency and/or
 * product line, and its members get an in-app notice for each step of those requests (written
 * by the projector in projector.ts). Rules are managed by administrators; everyone reads and
 * clears their own notices.
 */
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor } from '../auth/access';
import { getDb } from '../db';
import {
	agencies,
	branches,
	followRules,
	notifications,
	productCategories,
	userGroupMembers,
	userGroups,
	type FollowRule,
	type Notification
} from '../db/schema';
import { recordHistory } from '../events/record';
import { forbidden, notFound, parseOrThrow } from '../http/errors';
import { id, optional } from '../catalog/inputs';
import { decodeCursor, pageFields, toPage, type Page } from '../catalog/paging';

/** Input to add a follow rule to a group; fields left out match everything. */
export const followRuleSchema = z.object({
	groupId: id,
	branchId: optional(id),
	agencyId: optional(id),
	categoryId: optional(id)
});

/** A rule with the names of what it follows. */
export interface FollowRuleView extends FollowRule {
	groupName: string;
	branchFa: string | null;
	branchEn: string | null;
	agencyName: string | null;
	categoryFa: string | null;
	categoryEn: string | null;
	members: number;
}

/** Every follow rule, by group. */
export async function listFollowRules(actor: Actor): Promise<FollowRuleView[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const rows = await db
		.select({
			rule: followRules,
			groupName: userGroups.name,
			branchFa: branches.nameFa,
			branchEn: branches.nameEn,
			agencyName: agencies.name,
			categoryFa: productCategories.nameFa,
			categoryEn: productCategories.nameEn
		})
		.from(followRules)
		.innerJoin(userGroups, eq(userGroups.id, followRules.groupId))
		.leftJoin(branches, eq(branches.id, followRules.branchId))
		.leftJoin(agencies, eq(agencies.id, followRules.agencyId))
		.leftJoin(productCategories, eq(productCategories.id, followRules.categoryId))
		.orderBy(userGroups.name, followRules.id);
	const groupIds = [...new Set(rows.map((r) => r.rule.groupId))];
	const members = groupIds.length
		? await db
				.select({ groupId: userGroupMembers.groupId })
				.from(userGroupMembers)
				.where(inArray(userGroupMembers.groupId, groupIds))
		: [];
	return rows.map(({ rule, ...names }) => ({
		...rule,
		...names,
		members: members.filter((m) => m.groupId === rule.groupId).length
	}));
}

/** Adds a follow rule to a user group. */
export async function createFollowRule(actor: Actor, raw: unknown): Promise<FollowRule> {
	requirePermission(actor, 'admin', 'manage');
	const input = parseOrThrow(followRuleSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [group] = await tx.select().from(userGroups).where(eq(userGroups.id, input.groupId));
		if (!group) throw notFound();
		const [rule] = await tx
			.insert(followRules)
			.values({ ...input, createdBy: actor.user.id })
			.returning();
		await recordHistory(tx, {
			entityType: 'follow_rule',
			entityId: rule!.id,
			action: 'created',
			actorId: actor.user.id,
			changes: { ...input }
		});
		return rule!;
	});
}

/** Removes a follow rule; notices already written stay. */
export async function deleteFollowRule(actor: Actor, ruleId: number): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	await db.transaction(async (tx) => {
		const [rule] = await tx.delete(followRules).where(eq(followRules.id, ruleId)).returning();
		if (!rule) throw notFound();
		await recordHistory(tx, {
			entityType: 'follow_rule',
			entityId: ruleId,
			action: 'deleted',
			actorId: actor.user.id,
			changes: { groupId: rule.groupId }
		});
	});
}

/** Filters of the notice list. */
export const notificationQuery = z.object({
	unread: optional(z.enum(['true', 'false'])),
	...pageFields
});

function requireStaff(actor: Actor): void {
	if (actor.user.agencyId) throw forbidden();
}

/** The actor's own notices, newest first. */
export async function listNotifications(
	actor: Actor,
	raw: unknown = {}
): Promise<Page<Notification> & { unread: number }> {
	requireStaff(actor);
	const query = parseOrThrow(notificationQuery, raw);
	const db = await getDb();
	const after = decodeCursor(query.cursor, ['number']);
	const rows = await db
		.select()
		.from(notifications)
		.where(
			and(
				eq(notifications.userId, actor.user.id),
				query.unread === 'true' ? isNull(notifications.readAt) : undefined,
				after ? lt(notifications.id, after[0] as number) : undefined
			)
		)
		.orderBy(desc(notifications.id))
		.limit(query.limit + 1);
	const page = toPage(rows, query.limit, (r) => [r.id]);
	const unreadRows = await db
		.select({ id: notifications.id })
		.from(notifications)
		.where(and(eq(notifications.userId, actor.user.id), isNull(notifications.readAt)));
	return { ...page, unread: unreadRows.length };
}

/** Marks the actor's notices read: the given ones, or all of them. */
export async function markNotificationsRead(
	actor: Actor,
	ids: number[] | 'all',
	now: Date = new Date()
): Promise<number> {
	requireStaff(actor);
	const db = await getDb();
	const rows = await db
		.update(notifications)
		.set({ readAt: now })
		.where(
			and(
				eq(notifications.userId, actor.user.id),
				isNull(notifications.readAt),
				ids === 'all' ? undefined : inArray(notifications.id, ids.length ? ids : [0])
			)
		)
		.returning({ id: notifications.id });
	return rows.length;
}
