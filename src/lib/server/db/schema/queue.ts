import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { branches, counters } from './org';

/** Why a customer came to the counter; decides the ticket's letter. */
export const TICKET_PURPOSES = ['reception', 'delivery', 'consultation'] as const;
/** A ticket waits, is called to a counter, is served there, and ends done or as a no-show. */
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show'] as const;
/** Where the ticket was taken: the public kiosk or a staff member's button. */
export const TICKET_SOURCES = ['kiosk', 'staff', 'api'] as const;

/**
 * A queue ticket (نوبت) at a branch's reception counters. Numbers restart every Tehran day per
 * branch and are gapless (taken with the request numbering's locked sequence row).
 */
export const queueTickets = pgTable(
	'queue_ticket',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		/** The Tehran calendar day (Gregorian `YYYY-MM-DD`) the number belongs to. */
		day: date('day', { mode: 'string' }).notNull(),
		number: integer('number').notNull(),
		purpose: text('purpose', { enum: TICKET_PURPOSES }).notNull(),
		status: text('status', { enum: TICKET_STATUSES }).notNull().default('waiting'),
		source: text('source', { enum: TICKET_SOURCES }).notNull(),
		counterId: integer('counter_id').references(() => counters.id),
		calledBy: integer('called_by').references(() => users.id),
		recalls: integer('recalls').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		calledAt: timestamp('called_at', { withTimezone: true }),
		servingAt: timestamp('serving_at', { withTimezone: true }),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		/** The kiosk a ticket was taken at, and the address it pressed from: the kiosk's rate limits. */
		kioskId: integer('kiosk_id').references(() => queueKiosks.id),
		clientIp: text('client_ip')
	},
	(t) => [
		uniqueIndex('queue_ticket_number_uq').on(t.branchId, t.day, t.number),
		index('queue_ticket_waiting_idx').on(t.branchId, t.status, t.id),
		index('queue_ticket_counter_idx').on(t.counterId, t.status),
		index('queue_ticket_created_idx').on(t.createdAt),
		index('queue_ticket_kiosk_idx')
			.on(t.kioskId, t.createdAt)
			.where(sql`${t.kioskId} is not null`),
		index('queue_ticket_ip_idx')
			.on(t.clientIp, t.createdAt)
			.where(sql`${t.clientIp} is not null`),
		check('queue_ticket_number_ck', sql`${t.number} > 0`)
	]
);

/**
 * A ticket kiosk of a branch (a tablet at the door): opened with a link whose token is shown
 * once, like a board link; only its SHA-256 is kept, and it can only take tickets.
 */
export const queueKiosks = pgTable(
	'queue_kiosk',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		tokenHash: text('token_hash').notNull().unique(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true })
	},
	(t) => [index('queue_kiosk_branch_idx').on(t.branchId)]
);

export type QueueTicket = typeof queueTickets.$inferSelect;
export type QueueKiosk = typeof queueKiosks.$inferSelect;
export type TicketPurpose = (typeof TICKET_PURPOSES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
