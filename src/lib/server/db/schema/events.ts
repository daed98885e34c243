import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * Domain events, written in the same transaction as the change they describe. The id is the
 * global sequence number consumers (boards, search, notifications, webhooks) resume from.
 */
export const outbox = pgTable(
	'outbox',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		type: text('type').notNull(),
		aggregateType: text('aggregate_type').notNull(),
		aggregateId: text('aggregate_id').notNull(),
		branchId: integer('branch_id'),
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('outbox_aggregate_idx').on(t.aggregateType, t.aggregateId)]
);

/** Where each durable consumer of the outbox has got to. */
export const outboxCursors = pgTable('outbox_cursor', {
	consumer: text('consumer').primaryKey(),
	lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Who changed what and when, for timelines; never updated or deleted. */
export const history = pgTable(
	'history',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id').notNull(),
		action: text('action').notNull(),
		actorId: integer('actor_id').references(() => users.id),
		changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('history_entity_idx').on(t.entityType, t.entityId, t.id)]
);

export type OutboxEvent = typeof outbox.$inferSelect;
export type HistoryRow = typeof history.$inferSelect;
