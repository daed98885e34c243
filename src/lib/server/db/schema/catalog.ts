import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	customType,
	index,
	integer,
	numeric,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { customers } from './crm';

/**
 * Text that compares byte by byte (`COLLATE "C"`) whatever the database's locale: normalised
 * serials are identifiers (Latin digits and letters), not words, so locale-aware comparison only
 * costs time on every index entry, and a B-tree in C order also serves `LIKE 'prefix%'`.
 */
export const identifierText = customType<{ data: string }>({
	dataType: () => 'text collate "C"'
});

// The four catalogue definitions share one shape so one service can list, edit, reorder and
// retire them; each adds only the columns its documents need.
const definitionColumns = () => ({
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	code: text('code').notNull().unique(),
	nameFa: text('name_fa').notNull(),
	nameEn: text('name_en').notNull(),
	/** Inactive rows stay for the documents that name them but are no longer offered. */
	active: boolean('active').notNull().default(true),
	sortOrder: integer('sort_order').notNull().default(0),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** A service (خدمت) a technician performs, e.g. board repair or compressor replacement. */
export const services = pgTable('service', {
	...definitionColumns(),
	/** Standard time in minutes, for planning and technician scoring; null when not set. */
	standardMinutes: integer('standard_minutes'),
	/** Labour charge in integer Rials when the work is not covered by warranty. */
	labourRials: bigint('labour_rials', { mode: 'bigint' })
		.notNull()
		.default(sql`0`)
});

/** A work type (نوع کار): how the work is done — in the workshop, on site, by phone. */
export const workTypes = pgTable('work_type', definitionColumns());

/** A service type (نوع خدمت): warranty, out of warranty, installation… */
export const serviceTypes = pgTable('service_type', {
	...definitionColumns(),
	/** Whether work of this type is invoiced to the customer (out of warranty) or not. */
	chargeable: boolean('chargeable').notNull().default(true)
});

/** An execution priority (اولویت انجام) with its SLA targets in working minutes. */
export const priorities = pgTable('priority', {
	...definitionColumns(),
	slaResponseMinutes: integer('sla_response_minutes').notNull(),
	slaResolutionMinutes: integer('sla_resolution_minutes').notNull(),
	/** Badge colour on boards, `#rrggbb`. */
	colour: text('colour').notNull().default('#57606a')
});

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
		priceRials: bigint('price_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		/** Code and both names folded by normalizePersian, so "يخچال" finds "یخچال". */
		searchNorm: text('search_norm').notNull().default(''),
		active: boolean('active').notNull().default(true),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('product_category_idx').on(t.categoryId),
		index('product_search_trgm_idx').using('gin', t.searchNorm.op('gin_trgm_ops'))
	]
);

/** Which services apply to a product or part; the list offered when an order is issued for it. */
export const productServices = pgTable(
	'product_service',
	{
		productId: integer('product_id')
			.notNull()
			.references(() => products.id, { onDelete: 'cascade' }),
		// No cascade: a service attached anywhere is in use and may only be deactivated.
		serviceId: integer('service_id')
			.notNull()
			.references(() => services.id)
	},
	(t) => [
		primaryKey({ columns: [t.productId, t.serviceId] }),
		index('product_service_service_idx').on(t.serviceId)
	]
);

/** One line of a product's parts list (BOM); suggests parts when a work log is written. */
export const bomLines = pgTable(
	'bom_line',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id, { onDelete: 'cascade' }),
		// No cascade: a part used in a BOM is referenced and may only be deactivated.
		partId: integer('part_id')
			.notNull()
			.references(() => products.id),
		quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
		note: text('note').notNull().default('')
	},
	(t) => [
		uniqueIndex('bom_line_product_part_uq').on(t.productId, t.partId),
		index('bom_line_part_idx').on(t.partId)
	]
);

/** One physical item: a product with its serial number (unique per product). */
export const units = pgTable(
	'unit',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		// The product is enforced by statement-level triggers (migration 0012), not a per-row foreign
		// key: a bulk import of a million units would otherwise run a million key checks against a
		// few hundred products. Same rules and error (23503): a unit's product must exist, locked
		// against deletion until the unit commits, and a product with units cannot be deleted.
		productId: integer('product_id').notNull(),
		serial: text('serial').notNull(),
		/** Serial normalised for search (Latin digits, no separators, upper case). */
		serialNorm: identifierText('serial_norm').notNull(),
		saleDate: timestamp('sale_date', { withTimezone: true }),
		activationDate: timestamp('activation_date', { withTimezone: true }),
		ownerId: integer('owner_id').references(() => customers.id),
		/** The unit this one replaced, when it was handed out as a replacement. */
		replacesUnitId: integer('replaces_unit_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('unit_product_serial_uq').on(t.productId, t.serialNorm),
		index('unit_serial_norm_idx').on(t.serialNorm),
		// Most units have no known owner; only the owned ones are looked up by owner.
		index('unit_owner_idx')
			.on(t.ownerId)
			.where(sql`${t.ownerId} is not null`)
	]
);

export type Service = typeof services.$inferSelect;
export type WorkType = typeof workTypes.$inferSelect;
export type ServiceType = typeof serviceTypes.$inferSelect;
export type Priority = typeof priorities.$inferSelect;
export type ProductCategory = typeof productCategories.$inferSelect;
export type Product = typeof products.$inferSelect;
export type ProductService = typeof productServices.$inferSelect;
export type BomLine = typeof bomLines.$inferSelect;
export type Unit = typeof units.$inferSelect;
