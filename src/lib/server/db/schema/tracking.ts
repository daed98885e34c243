import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { serviceRequests } from './service';

/**
 * One-time SMS codes of the customer tracking page. Only a salted SHA-256 of the code is kept;
 * a verified code turns into a short browser session (again only its hash is kept).
 */
export const trackingCodes = pgTable(
	'tracking_code',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id, { onDelete: 'cascade' }),
		/** The mobile the code went to (normalised), so a changed mobile invalidates nothing silently. */
		mobile: text('mobile').notNull(),
		salt: text('salt').notNull(),
		codeHash: text('code_hash').notNull(),
		/** Who asked (IP), for the per-address rate limit. */
		ip: text('ip').notNull().default(''),
		attempts: integer('attempts').notNull().default(0),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		sessionHash: text('session_hash').unique(),
		sessionExpiresAt: timestamp('session_expires_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('tracking_code_request_idx').on(t.requestId, t.createdAt),
		index('tracking_code_ip_idx').on(t.ip, t.createdAt)
	]
);

export type TrackingCode = typeof trackingCodes.$inferSelect;
