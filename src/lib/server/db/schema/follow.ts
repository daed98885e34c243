import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { userGroups, users } from './auth';
import { productCategories } from './catalog';
import { agencies, branches } from './org';
import { serviceRequests } from './service';

/**
 * What a user group follows: requests of a branch, an agency and/or a product line (category).
 * Every set field must match; a rule with none set follows every request.
 */
export const followRules = pgTable(
	'follow_rule',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		groupId: integer('group_id')
			.notNull()
			.references(() => userGroups.id, { onDelete: 'cascade' }),
		branchId: integer('branch_id').references(() => branches.id, { onDelete: 'cascade' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'cascade' }),
		categoryId: integer('category_id').references(() => productCategories.id, {
			onDelete: 'cascade'
		}),
		active: boolean('active').notNull().default(true),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('follow_rule_group_idx').on(t.groupId)]
);

/** An in-app notice to one user about a change to a request their group follows. */
export const notifications = pgTable(
	'notification',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		requestId: integer('request_id').references(() => serviceRequests.id, {
			onDelete: 'cascade'
		}),
		/** The domain event type, e.g. `service_request.status_changed`. */
		type: text('type').notNull(),
		/** What the notice says, as message parameters (status, form number…), rendered per locale. */
		formNumber: text('form_number').notNull().default(''),
		status: text('status'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp('read_at', { withTimezone: true })
	},
	(t) => [index('notification_user_idx').on(t.userId, t.id)]
);

export type FollowRule = typeof followRules.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
