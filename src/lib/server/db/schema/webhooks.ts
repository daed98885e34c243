import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { users } from './auth';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

/**
 * An outside system (the ERP's accounting or payroll) that receives domain events, signed with
 * its own secret. `eventTypes` holds exact types or prefixes ending in `.` or `*`; empty = all.
 */
export const webhookEndpoints = pgTable('webhook_endpoint', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	name: text('name').notNull(),
	url: text('url').notNull(),
	/** HMAC-SHA256 key; kept in clear because every delivery must be signed with it. */
	secret: text('secret').notNull(),
	eventTypes: jsonb('event_types')
		.$type<string[]>()
		.notNull()
		.default(sql`'[]'::jsonb`),
	active: boolean('active').notNull().default(true),
	createdBy: integer('created_by').references(() => users.id),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** One event bound for one endpoint, with the outcome of its latest attempt. */
export const webhookDeliveries = pgTable(
	'webhook_delivery',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		endpointId: integer('endpoint_id')
			.notNull()
			.references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
		/** The outbox id of the event (its global sequence number). */
		eventId: bigint('event_id', { mode: 'number' }).notNull(),
		eventType: text('event_type').notNull(),
		status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		lastStatusCode: integer('last_status_code'),
		lastError: text('last_error'),
		lastResponse: text('last_response'),
		lastDurationMs: integer('last_duration_ms'),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
		lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
		deliveredAt: timestamp('delivered_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('webhook_delivery_endpoint_idx').on(t.endpointId, t.id),
		index('webhook_delivery_event_idx').on(t.eventId)
	]
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
