/**
 * Tracking groups' notifications, written in the same transaction as the change they announce
 * (so a change is never committed without its notices, nor notices without the change): for
 * each request event, every active staff member of a group whose follow rule matches the
 * request's branch, agency and product line gets an in-app notice, and one
 * `notification.created` event names them so their open pages update live.
 */
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	followRules,
	notifications,
	products,
	serviceRequests,
	userGroupMembers,
	users
} from '../db/schema';
import { emitEvent, registerProjector, type DomainEventInput } from '../events/record';

/** The events a follower hears about: what happens to the request, not every edit. */
export const FOLLOWED_EVENTS = new Set([
	'service_request.created',
	'service_request.status_changed',
	'service_order.issued',
	'service_order.reassigned',
	'estimate.declared',
	'estimate.answered',
	'work_log.reviewed',
	'delivery.recorded',
	'replacement.recorded'
]);

function requestIdOf(event: DomainEventInput): number | null {
	const raw =
		event.aggregateType === 'service_request' ? event.aggregateId : event.payload?.requestId;
	const id = Number(raw);
	return Number.isInteger(id) && id > 0 ? id : null;
}

/** Writes the notices of one event for the followers of its request. */
export async function projectFollowEvent(tx: Executor, event: DomainEventInput): Promise<void> {
	if (!FOLLOWED_EVENTS.has(event.type)) return;
	const requestId = requestIdOf(event);
	if (requestId === null) return;
	const [request] = await tx
		.select({
			id: serviceRequests.id,
			branchId: serviceRequests.branchId,
			agencyId: serviceRequests.agencyId,
			formNumber: serviceRequests.formNumber,
			status: serviceRequests.status,
			categoryId: products.categoryId
		})
		.from(serviceRequests)
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.where(eq(serviceRequests.id, requestId));
	if (!request) return;
	const actorId = typeof event.payload?.actorId === 'number' ? event.payload.actorId : null;
	// Members of matching groups: staff (no agency) who may see the request's branch.
	const followers = await tx
		.selectDistinct({ id: users.id })
		.from(followRules)
		.innerJoin(userGroupMembers, eq(userGroupMembers.groupId, followRules.groupId))
		.innerJoin(users, eq(users.id, userGroupMembers.userId))
		.where(
			and(
				eq(followRules.active, true),
				or(isNull(followRules.branchId), eq(followRules.branchId, request.branchId)),
				request.agencyId === null
					? isNull(followRules.agencyId)
					: or(isNull(followRules.agencyId), eq(followRules.agencyId, request.agencyId)),
				request.categoryId === null
					? isNull(followRules.categoryId)
					: or(isNull(followRules.categoryId), eq(followRules.categoryId, request.categoryId)),
				eq(users.active, true),
				isNull(users.agencyId),
				or(isNull(users.branchId), eq(users.branchId, request.branchId)),
				actorId !== null ? ne(users.id, actorId) : undefined
			)
		);
	if (!followers.length) return;
	const status =
		typeof event.payload?.to === 'string'
			? event.payload.to
			: event.type.endsWith('.created')
				? request.status
				: null;
	await tx.insert(notifications).values(
		followers.map((f) => ({
			userId: f.id,
			requestId: request.id,
			type: event.type,
			formNumber: request.formNumber,
			status
		}))
	);
	await emitEvent(tx, {
		type: 'notification.created',
		aggregateType: 'notification',
		aggregateId: request.id,
		branchId: null,
		// `userIds` routes the event to each follower's own room; no request fields, so boards skip it.
		payload: { userIds: followers.map((f) => f.id), eventType: event.type }
	});
}

registerProjector({
	name: 'follow-notifications',
	eventPrefixes: [
		'service_request.',
		'service_order.',
		'estimate.',
		'work_log.',
		'delivery.',
		'replacement.'
	],
	project: projectFollowEvent
});

/** Unread notices of a user (for the header badge). */
export async function countUnread(tx: Executor, userId: number): Promise<number> {
	const [row] = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return Number(row?.n ?? 0);
}
