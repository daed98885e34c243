import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { customers } from './crm';
import { serviceRequests } from './service';

export const NOTIFY_CHANNELS = ['sms', 'telegram'] as const;
/**
 * `sending`: a worker holds it and nothing has left yet; `in_flight`: a Telegram request is on
 * the wire; `uncertain`: that worker died or lost the answer, so whether Telegram has the message
 * is unknown (never re-sent by itself: staff decide).
 */
export const DELIVERY_STATUSES = [
	'queued',
	'sending',
	'in_flight',
	'sent',
	'delivered',
	'failed',
	'uncertain',
	'skipped'
] as const;
export const INBOUND_CHANNELS = ['telegram', 'sms'] as const;
export const INBOUND_STATUSES = ['received', 'processed', 'ignored', 'failed'] as const;

/**
 * An admin's wording of one notification in one language for one channel; the built-in wording
 * in notify/templates.ts applies where no row exists.
 */
export const notificationTemplates = pgTable(
	'notification_template',
	{
		key: text('key').notNull(),
		channel: text('channel', { enum: NOTIFY_CHANNELS }).notNull(),
		locale: text('locale', { enum: ['fa', 'en'] }).notNull(),
		body: text('body').notNull(),
		updatedBy: integer('updated_by').references(() => users.id),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.key, t.channel, t.locale] })]
);

/**
 * One message to one person on one channel. The row is the unit of idempotency: the id is
 * Kavenegar's `localid`, and `dedupeKey` (event + template + channel + recipient) keeps a replayed
 * outbox event from creating a second message.
 */
export const notificationDeliveries = pgTable(
	'notification_delivery',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		dedupeKey: text('dedupe_key').notNull(),
		/** Outbox event that caused it; null for replies to inbound messages. */
		eventId: bigint('event_id', { mode: 'number' }),
		templateKey: text('template_key').notNull(),
		channel: text('channel', { enum: NOTIFY_CHANNELS }).notNull(),
		customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		requestId: integer('request_id').references(() => serviceRequests.id, {
			onDelete: 'set null'
		}),
		/** Mobile (`+989…`) for SMS, chat id for Telegram. */
		address: text('address').notNull(),
		locale: text('locale', { enum: ['fa', 'en'] })
			.notNull()
			.default('fa'),
		body: text('body').notNull(),
		/** Telegram reply markup (estimate buttons) and similar channel extras. */
		extra: jsonb('extra')
			.$type<Record<string, unknown>>()
			.notNull()
			.default(sql`'{}'::jsonb`),
		/** Transactional messages go out even to customers who opted out of the rest. */
		essential: boolean('essential').notNull().default(true),
		status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		provider: text('provider'),
		providerMessageId: text('provider_message_id'),
		providerStatus: integer('provider_status'),
		lastError: text('last_error'),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		deliveredAt: timestamp('delivered_at', { withTimezone: true }),
		statusCheckedAt: timestamp('status_checked_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('notification_delivery_dedupe_uq').on(t.dedupeKey),
		index('notification_delivery_request_idx').on(t.requestId, t.id),
		index('notification_delivery_status_idx').on(t.channel, t.status, t.sentAt),
		index('notification_delivery_customer_idx').on(t.customerId, t.id)
	]
);

/**
 * A Telegram update or an inbound SMS as it arrived. Unique per (channel, external id) so a
 * replayed webhook or a reconciliation that finds the same message does nothing twice; the
 * sender index serves the per-sender rate limits and the serial-guessing throttle.
 */
export const inboundMessages = pgTable(
	'inbound_message',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		channel: text('channel', { enum: INBOUND_CHANNELS }).notNull(),
		/** Telegram `update_id` or Kavenegar `messageid`. */
		externalId: text('external_id').notNull(),
		/** Chat id or normalised mobile. */
		sender: text('sender').notNull(),
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
		status: text('status', { enum: INBOUND_STATUSES }).notNull().default('received'),
		/** What the handler made of it: registered, serial_miss, status, answered, rate_limited… */
		outcome: text('outcome'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		processedAt: timestamp('processed_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('inbound_message_external_uq').on(t.channel, t.externalId),
		index('inbound_message_sender_idx').on(t.channel, t.sender, t.createdAt)
	]
);

/** A Telegram chat with the bot: who it belongs to (customer or staff), language, conversation step. */
export const telegramChats = pgTable(
	'telegram_chat',
	{
		chatId: text('chat_id').primaryKey(),
		telegramUserId: text('telegram_user_id').notNull(),
		customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		locale: text('locale', { enum: ['fa', 'en'] })
			.notNull()
			.default('fa'),
		/** Conversation step waiting for free text, e.g. `describe` after choosing a unit. */
		state: text('state'),
		stateData: jsonb('state_data')
			.$type<Record<string, unknown>>()
			.notNull()
			.default(sql`'{}'::jsonb`),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('telegram_chat_customer_idx').on(t.customerId),
		index('telegram_chat_user_idx').on(t.userId)
	]
);

/** One-time code a staff member sends the bot (`/start <code>`) to link their Telegram. */
export const telegramLinkCodes = pgTable('telegram_link_code', {
	code: text('code').primaryKey(),
	userId: integer('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	usedAt: timestamp('used_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export type NotificationTemplate = typeof notificationTemplates.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type InboundMessage = typeof inboundMessages.$inferSelect;
export type TelegramChat = typeof telegramChats.$inferSelect;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
