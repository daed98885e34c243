import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	integer,
	numeric,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { products } from './catalog';
import { branches } from './org';
import { serviceOrders, serviceRequests, workLogs } from './service';

/** main = parts store, scrap = removed defective parts (داغی), consignment = customers' units (امانی). */
export const WAREHOUSE_KINDS = ['main', 'scrap', 'consignment'] as const;
export const STOCK_DOCUMENT_KINDS = [
	'warranty_issue',
	'sales_issue',
	'scrap_receipt',
	'scrap_return',
	'consignment_receipt',
	'consignment_return',
	'receipt',
	'transfer',
	'sales_return'
] as const;
export const STOCK_DOCUMENT_STATUSES = ['draft', 'posted', 'reversed'] as const;

/** A store of one branch; `allowNegative` lets posting go below zero there (off by default). */
export const warehouses = pgTable(
	'warehouse',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		code: text('code').notNull().unique(),
		kind: text('kind', { enum: WAREHOUSE_KINDS }).notNull(),
		nameFa: text('name_fa').notNull(),
		nameEn: text('name_en').notNull(),
		allowNegative: boolean('allow_negative').notNull().default(false),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('warehouse_branch_idx').on(t.branchId, t.kind)]
);

/**
 * A stock document, numbered per branch and Jalali year. Drafts may change; posted documents are
 * immutable and are corrected only by a reversing document (`reversesId`).
 */
export const stockDocuments = pgTable(
	'stock_document',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		kind: text('kind', { enum: STOCK_DOCUMENT_KINDS }).notNull(),
		status: text('status', { enum: STOCK_DOCUMENT_STATUSES }).notNull().default('draft'),
		jalaliYear: integer('jalali_year').notNull(),
		seq: integer('seq').notNull(),
		/** Display number, e.g. `THR-01-1405-S000042`. */
		number: text('number').notNull().unique(),
		requestId: integer('request_id').references(() => serviceRequests.id),
		orderId: integer('order_id').references(() => serviceOrders.id),
		workLogId: integer('work_log_id').references(() => workLogs.id),
		/** The invoice a sales issue was posted with (no FK: billing depends on stock, not the reverse). */
		invoiceId: integer('invoice_id'),
		/** The credit note a sales return was posted with (no FK, as above). */
		creditNoteId: integer('credit_note_id'),
		/** Jalali month (`1405-08`) a monthly scrap batch returns; empty for other documents. */
		period: text('period').notNull().default(''),
		reversesId: integer('reverses_id').references((): AnyPgColumn => stockDocuments.id),
		note: text('note').notNull().default(''),
		createdBy: integer('created_by').references(() => users.id),
		postedBy: integer('posted_by').references(() => users.id),
		postedAt: timestamp('posted_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('stock_document_number_uq').on(t.branchId, t.jalaliYear, t.seq),
		uniqueIndex('stock_document_reverses_uq').on(t.reversesId),
		index('stock_document_request_idx').on(t.requestId),
		index('stock_document_work_log_idx').on(t.workLogId),
		index('stock_document_kind_idx').on(t.branchId, t.kind, t.status),
		check('stock_document_posted_ck', sql`(${t.status} = 'draft') = (${t.postedAt} is null)`)
	]
);

/** One signed line of a document: + into the warehouse, − out of it. On hand = Σ posted moves. */
export const stockMoves = pgTable(
	'stock_move',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		documentId: integer('document_id')
			.notNull()
			.references(() => stockDocuments.id, { onDelete: 'cascade' }),
		warehouseId: integer('warehouse_id')
			.notNull()
			.references(() => warehouses.id),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id),
		quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
		serial: text('serial').notNull().default(''),
		unitCostRials: bigint('unit_cost_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`)
	},
	(t) => [
		index('stock_move_document_idx').on(t.documentId),
		index('stock_move_stock_idx').on(t.warehouseId, t.productId),
		check('stock_move_qty_ck', sql`${t.quantity} <> 0 and ${t.unitCostRials} >= 0`)
	]
);

export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];
export type StockDocumentKind = (typeof STOCK_DOCUMENT_KINDS)[number];
export type StockDocumentStatus = (typeof STOCK_DOCUMENT_STATUSES)[number];
export type Warehouse = typeof warehouses.$inferSelect;
export type StockDocument = typeof stockDocuments.$inferSelect;
export type StockMove = typeof stockMoves.$inferSelect;
