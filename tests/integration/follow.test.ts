// Tracking groups: members of a group whose rule matches a request's branch, agency and product
// line get an in-app notice for each step (written in the same transaction), routed live to
// their own socket room; others, agency users and the person who made the change get none.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import '#lib/server/follow/projector';
import { getDb, schema } from '#lib/server/db';
import {
	createFollowRule,
	deleteFollowRule,
	listNotifications,
	markNotificationsRead
} from '#lib/server/follow/follow';
import { roomsForEvent } from '#lib/server/realtime/dispatcher';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let groupId: number;

beforeAll(async () => {
	world = await buildWorld();
	const db = await getDb();
	const [group] = await db
		.insert(schema.userGroups)
		.values({ name: `پیگیری نمایندگی ${Date.now()}` })
		.returning();
	groupId = group!.id;
	await db.insert(schema.userGroupMembers).values([
		{ groupId, userId: world.actors.supervisor.user.id },
		{ groupId, userId: world.actors.dispatcher.user.id },
		// Agency users never get staff notices, even if put in a group.
		{ groupId, userId: world.actors.agent.user.id },
		// Staff of another branch cannot see branch A's requests.
		{ groupId, userId: world.actors.receptionB.user.id }
	]);
});

async function receiveAsAgent() {
	const { warranty } = await world.newWarrantedUnit();
	return receiveRequest(world.actors.agent, {
		by: 'warranty_serial',
		key: warranty.serial,
		complaint: 'یخ نمی‌زند'
	});
}

describe('tracking groups', () => {
	it('only administrators manage rules', async () => {
		await expect(
			createFollowRule(world.actors.reception, { groupId, agencyId: world.agency.id })
		).rejects.toMatchObject({ status: 403 });
	});

	it('notifies matching followers of each step, never the actor, agencies or other branches', async () => {
		const rule = await createFollowRule(world.actors.admin, {
			groupId,
			agencyId: world.agency.id,
			categoryId: world.category.id
		});
		const request = await receiveAsAgent();
		const sup = await listNotifications(world.actors.supervisor);
		const mine = sup.items.filter((n) => n.requestId === request.id);
		expect(mine.map((n) => n.type).sort()).toEqual([
			'service_request.created',
			'service_request.status_changed'
		]);
		expect(mine.find((n) => n.type === 'service_request.status_changed')!.status).toBe(
			'awaiting_assignment'
		);
		const db = await getDb();
		const forOthers = await db
			.select()
			.from(schema.notifications)
			.where(eq(schema.notifications.requestId, request.id));
		const userIds = new Set(forOthers.map((n) => n.userId));
		expect(userIds.has(world.actors.agent.user.id)).toBe(false);
		expect(userIds.has(world.actors.receptionB.user.id)).toBe(false);
		expect(userIds.has(world.actors.dispatcher.user.id)).toBe(true);

		// The dispatcher issues the order: the supervisor hears, the dispatcher (the actor) does not.
		await issueOrder(world.actors.dispatcher, {
			requestId: request.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id
		});
		const after = await db
			.select()
			.from(schema.notifications)
			.where(eq(schema.notifications.requestId, request.id));
		const issued = after.filter((n) => n.type === 'service_order.issued');
		expect(issued.map((n) => n.userId)).toEqual([world.actors.supervisor.user.id]);

		// The live event goes to each follower's own room.
		const [event] = await db
			.select()
			.from(schema.outbox)
			.where(eq(schema.outbox.type, 'notification.created'))
			.orderBy(schema.outbox.id)
			.limit(1);
		expect(roomsForEvent(event!)).toContain(`user:${world.actors.supervisor.user.id}`);
		expect(roomsForEvent(event!).some((r) => r.startsWith('request:'))).toBe(false);

		// Staff reception (no agency) does not match an agency rule.
		const { warranty } = await world.newWarrantedUnit();
		const counterRequest = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'x'
		});
		const none = await db
			.select()
			.from(schema.notifications)
			.where(eq(schema.notifications.requestId, counterRequest.id));
		expect(none).toEqual([]);
		await deleteFollowRule(world.actors.admin, rule.id);
	});

	it('reads and clears only one’s own notices', async () => {
		await createFollowRule(world.actors.admin, { groupId, branchId: world.branchA.id });
		await receiveAsAgent();
		const before = await listNotifications(world.actors.dispatcher, { unread: 'true' });
		expect(before.unread).toBeGreaterThan(0);
		const otherId = (await listNotifications(world.actors.supervisor)).items[0]!.id;
		// Someone else's notice id changes nothing.
		expect(await markNotificationsRead(world.actors.dispatcher, [otherId])).toBe(0);
		expect(await markNotificationsRead(world.actors.dispatcher, 'all')).toBe(before.unread);
		expect((await listNotifications(world.actors.dispatcher)).unread).toBe(0);
		expect((await listNotifications(world.actors.supervisor)).unread).toBeGreaterThan(0);
		await expect(listNotifications(world.actors.agent)).rejects.toMatchObject({ status: 403 });
	});
});
