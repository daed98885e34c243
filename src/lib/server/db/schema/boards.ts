import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { branches } from './org';

/**
 * A wall board device (a TV in a workshop): opened with a read-only link whose token is shown
 * once; only its SHA-256 is kept. A null branch means the board shows every branch.
 */
export const boards = pgTable(
	'board',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		branchId: integer('branch_id').references(() => branches.id),
		tokenHash: text('token_hash').notNull().unique(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedBy: integer('revoked_by').references(() => users.id),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true })
	},
	(t) => [index('board_branch_idx').on(t.branchId)]
);

export type Board = typeof boards.$inferSelect;
