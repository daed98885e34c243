import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers } from './crm';

export const productCategories = pgTable('product_category', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	code: text('code').notNull().unique(),
	nameFa: text('name_fa').notNull(),
	nameEn: text('name_en').notNull(),
	active: boolean('active').notNull().default(true)
});

/** Goods and parts; `serviceable` says whether the service desk accepts it for service. */
export const products = pgTable(
	'product',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		code: text('code').notNull().unique(),
		nameFa: text('name_fa').notNull(),
		nameEn: text('name_en').notNull(),
		categoryId: integer('category_id').references(() => productCategories.id),
		isPart: boolean('is_part').notNull().default(false),
		/** Whether a part is tracked by serial number in stock. */
		serialised: boolean('serialised').notNull().default(false),
		serviceable: boolean('serviceable').notNull().default(true),
		/** Unit price in integer Rials. */
		priceRials: bigint('price_rials', { mode: 'bigint' }).notNull().default(sql`0`),
		active: boolean('active').notNull().default(true),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('product_category_idx').on(t.categoryId)]
);

/** One physical item: a product with its serial number (unique per product). */
export const units = pgTable(
	'unit',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id),
		serial: text('serial').notNull(),
		/** Serial normalised for search (Latin digits, no separators, upper case). */
		serialNorm: text('serial_norm').notNull(),
		saleDate: timestamp('sale_date', { withTimezone: true }),
		activationDate: timestamp('activation_date', { withTimezone: true }),
		ownerId: integer('owner_id').references(() => customers.id),
		/** The unit this one replaced, when it was handed out as a replacement. */
		replacesUnitId: integer('replaces_unit_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('unit_product_serial_uq').on(t.productId, t.serialNorm),
		index('unit_serial_norm_idx').on(t.serialNorm),
		index('unit_owner_idx').on(t.ownerId)
	]
);

export type ProductCategory = typeof productCategories.$inferSelect;
export type Product = typeof products.$inferSelect;
export type Unit = typeof units.$inferSelect;
