import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const customers = pgTable(
	'customer',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		/** Normalised Iranian mobile, `+989xxxxxxxxx`; one customer per mobile. */
		mobile: text('mobile').notNull().unique(),
		nationalId: text('national_id'),
		address: text('address').notNull().default(''),
		locale: text('locale', { enum: ['fa', 'en'] })
			.notNull()
			.default('fa'),
		telegramChatId: text('telegram_chat_id'),
		/** Opted out of non-essential messages (transactional ones still go out). */
		marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
		/** Name normalised for search (ی/ک unified, digits Latin, ZWNJ as space). */
		nameNorm: text('name_norm').notNull(),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('customer_name_norm_idx').on(t.nameNorm),
		// Reception types any part of a name ("رضا" finds "غلامرضا"), which only trigrams serve fast.
		index('customer_name_trgm_idx').using('gin', t.nameNorm.op('gin_trgm_ops')),
		index('customer_national_id_idx').on(t.nationalId)
	]
);

export type Customer = typeof customers.$inferSelect;
