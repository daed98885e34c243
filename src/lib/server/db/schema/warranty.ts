import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { identifierText } from './catalog';
import { customers } from './crm';

export const WARRANTY_START_RULES = ['sale', 'registration', 'activation'] as const;
export const WARRANTY_COVERAGES = ['parts', 'labour', 'both'] as const;

/** A kind of warranty: how long it runs, what starts the clock, what it pays for. */
export const warrantyTypes = pgTable(
	'warranty_type',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		/** Short code used by imports and integrations, e.g. `G18S`. */
		code: text('code').notNull().unique(),
		nameFa: text('name_fa').notNull(),
		nameEn: text('name_en').notNull(),
		/** Jalali months, added before `days`. */
		months: integer('months').notNull().default(0),
		days: integer('days').notNull().default(0),
		startRule: text('start_rule', { enum: WARRANTY_START_RULES }).notNull(),
		coverage: text('coverage', { enum: WARRANTY_COVERAGES }).notNull(),
		graceDays: integer('grace_days').notNull().default(0),
		active: boolean('active').notNull().default(true),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'warranty_type_duration_ck',
			sql`${t.months} >= 0 and ${t.days} >= 0 and ${t.months} + ${t.days} > 0`
		),
		check('warranty_type_grace_ck', sql`${t.graceDays} >= 0`)
	]
);

/** One uploaded file of warranty serials; the SHA-256 makes a re-upload find the same batch. */
export const warrantyImports = pgTable('warranty_import', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	sha256: text('sha256').notNull().unique(),
	fileName: text('file_name').notNull(),
	format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
	/** Where the upload waits on disk for its jobs; cleared once imported or cancelled. */
	filePath: text('file_path'),
	sizeBytes: integer('size_bytes').notNull().default(0),
	status: text('status', { enum: ['pending', 'imported', 'cancelled'] })
		.notNull()
		.default('pending'),
	totalRows: integer('total_rows').notNull().default(0),
	validRows: integer('valid_rows').notNull().default(0),
	errorRows: integer('error_rows').notNull().default(0),
	createdCount: integer('created_count').notNull().default(0),
	/** Final import report, kept with the batch so a re-run after a crash can answer from it. */
	report: jsonb('report').$type<Record<string, unknown>>(),
	createdBy: integer('created_by').references(() => users.id),
	importedBy: integer('imported_by').references(() => users.id),
	importedAt: timestamp('imported_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * A warranty card. The trigger dates are kept here (not only on the unit) because they are
 * facts of this contract: `startsOn`/`endsOn` are recomputed from them whenever one becomes known.
 */
export const warranties = pgTable(
	'warranty',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		serial: text('serial').notNull(),
		/** Latin digits, no separators, upper case: what uniqueness and lookup use. */
		serialNorm: identifierText('serial_norm').notNull().unique(),
		// No foreign key on type, import batch or creator: none of those rows is ever deleted (types
		// and batches have no delete; users are deactivated), and each key costs a million-card
		// import a per-row trigger, seconds in all. The customer keeps its key: other contexts delete
		// customers nothing references, and the key is what tells them.
		typeId: integer('type_id').notNull(),
		// The unit is enforced by statement-level triggers (migration 0013), not a per-row key whose
		// check would look up and lock each new unit of a million-card import: a card's unit must
		// exist (23503 otherwise), and a unit with cards cannot be deleted.
		unitId: integer('unit_id').notNull(),
		customerId: integer('customer_id').references(() => customers.id),
		saleDate: timestamp('sale_date', { withTimezone: true }),
		registeredAt: timestamp('registered_at', { withTimezone: true }),
		activatedAt: timestamp('activated_at', { withTimezone: true }),
		/** Null while pending (the starting event has not happened). */
		startsOn: timestamp('starts_on', { withTimezone: true }),
		endsOn: timestamp('ends_on', { withTimezone: true }),
		graceEndsOn: timestamp('grace_ends_on', { withTimezone: true }),
		active: boolean('active').notNull().default(true),
		inactiveReason: text('inactive_reason'),
		importId: integer('import_id'),
		createdBy: integer('created_by'),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('warranty_unit_idx').on(t.unitId),
		// No index on import_id: a batch's cards are the newest ids, which the id order finds first,
		// and every index costs a bulk import of a million cards about a second.
		// Most cards are anonymous until claimed; only held cards are looked up by customer.
		index('warranty_customer_idx')
			.on(t.customerId)
			.where(sql`${t.customerId} is not null`),
		// The warranty report lists the cards ending in the next N days; with the unit in the
		// index it reads no card rows.
		index('warranty_ends_unit_idx').on(t.endsOn, t.unitId, t.active)
	]
);

/** Every assignment of a warranty to a customer (or its removal), newest last. */
export const warrantyAssignments = pgTable(
	'warranty_assignment',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		warrantyId: integer('warranty_id')
			.notNull()
			.references(() => warranties.id),
		customerId: integer('customer_id').references(() => customers.id),
		previousCustomerId: integer('previous_customer_id').references(() => customers.id),
		note: text('note').notNull().default(''),
		actorId: integer('actor_id').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('warranty_assignment_warranty_idx').on(t.warrantyId, t.id)]
);

export type WarrantyType = typeof warrantyTypes.$inferSelect;
export type Warranty = typeof warranties.$inferSelect;
export type WarrantyImport = typeof warrantyImports.$inferSelect;
export type WarrantyAssignment = typeof warrantyAssignments.$inferSelect;
