/**
 * Search documents: one denormalised row per service request, service order and work log, kept
 * in step with the writes by the search projector (same transaction), read by the Postgres
 * search engine and mirrored to Meilisearch when it is configured.
 *
 * Every document carries the same filter columns (so one query builder serves all three), the
 * folded text (`text_norm`, names, parts) for trigram matching, and its identifiers twice: as
 * tagged exact keys (`keys`, e.g. `p:SN4412AB`, `m:09121234567`) for array lookups, and as one
 * space-padded string (`serials`) whose trigram index finds a key by its start or its end.
 */
import { sql } from 'drizzle-orm';
import {
	boolean,
	index,
	integer,
	pgTable,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	type ExtraConfigColumn
} from 'drizzle-orm/pg-core';
import { users } from './auth';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Columns every search document has; `created_at` is the document's own date (its sort key). */
function documentColumns() {
	return {
		requestId: integer('request_id').notNull(),
		branchId: integer('branch_id').notNull(),
		counterId: integer('counter_id'),
		agencyId: integer('agency_id'),
		channel: text('channel').notNull(),
		status: text('status').notNull(),
		/** Position of the status in its lifecycle, so "sort by status" follows the workflow. */
		statusRank: smallint('status_rank').notNull(),
		customerId: integer('customer_id'),
		productId: integer('product_id').notNull(),
		listId: integer('list_id'),
		technicianId: integer('technician_id'),
		priorityId: integer('priority_id'),
		serviceTypeId: integer('service_type_id'),
		formNumber: text('form_number').notNull(),
		listNumber: text('list_number'),
		customerName: text('customer_name').notNull().default(''),
		customerMobile: text('customer_mobile'),
		delivererName: text('deliverer_name').notNull().default(''),
		productCode: text('product_code').notNull().default(''),
		productNameFa: text('product_name_fa').notNull().default(''),
		productNameEn: text('product_name_en').notNull().default(''),
		unitSerial: text('unit_serial'),
		warrantySerial: text('warranty_serial'),
		partNames: text('part_names').notNull().default(''),
		coverage: text('coverage').notNull(),
		inWarranty: boolean('in_warranty').notNull(),
		replacementFlag: boolean('replacement_flag').notNull(),
		dueAt: ts('due_at'),
		resolvedAt: ts('resolved_at'),
		/** Resolved after its due time; open documents past due are breached by the clock instead. */
		resolvedLate: boolean('resolved_late').notNull().default(false),
		receivedAt: ts('received_at').notNull(),
		orderedAt: ts('ordered_at'),
		createdAt: ts('created_at').notNull(),
		customerNorm: text('customer_norm').notNull().default(''),
		delivererNorm: text('deliverer_norm').notNull().default(''),
		partsNorm: text('parts_norm').notNull().default(''),
		textNorm: text('text_norm').notNull().default(''),
		keys: text('keys')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		serials: text('serials').notNull().default(''),
		indexedAt: ts('indexed_at').notNull().defaultNow()
	};
}

type DocTable = { [K in keyof ReturnType<typeof documentColumns> | 'id']: ExtraConfigColumn };

/**
 * Filter, sort and text indexes every document table has, named after the table. The two date
 * indexes (`_created_idx`, `_branch_created_idx`) also carry INCLUDE (status and the filter
 * columns) since migration 0011, written by hand there because drizzle cannot declare INCLUDE:
 * status counts over a date range (and a branch) are then index-only scans. A migration that
 * changes either index must keep its INCLUDE list.
 */
function documentIndexes(name: string, t: DocTable) {
	return [
		index(`${name}_created_idx`).on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
		index(`${name}_branch_created_idx`).on(
			t.branchId,
			t.createdAt.desc().nullsFirst(),
			t.id.desc().nullsFirst()
		),
		index(`${name}_status_created_idx`).on(
			t.status,
			t.createdAt.desc().nullsFirst(),
			t.id.desc().nullsFirst()
		),
		index(`${name}_status_rank_idx`).on(t.statusRank, t.id),
		index(`${name}_customer_sort_idx`).on(t.customerName, t.id),
		index(`${name}_received_idx`).on(t.receivedAt),
		index(`${name}_ordered_idx`).on(t.orderedAt),
		index(`${name}_technician_idx`).on(t.technicianId, t.createdAt),
		index(`${name}_request_idx`).on(t.requestId),
		index(`${name}_agency_idx`).on(t.agencyId),
		index(`${name}_counter_idx`).on(t.counterId),
		index(`${name}_list_idx`).on(t.listId),
		index(`${name}_customer_idx`).on(t.customerId),
		index(`${name}_keys_idx`).using('gin', t.keys),
		index(`${name}_serials_trgm_idx`).using('gin', t.serials.op('gin_trgm_ops')),
		index(`${name}_text_trgm_idx`).using('gin', t.textNorm.op('gin_trgm_ops')),
		index(`${name}_customer_trgm_idx`).using('gin', t.customerNorm.op('gin_trgm_ops')),
		index(`${name}_deliverer_trgm_idx`).using('gin', t.delivererNorm.op('gin_trgm_ops')),
		index(`${name}_parts_trgm_idx`).using('gin', t.partsNorm.op('gin_trgm_ops'))
	];
}

/** One document per service request (id = the request's id). */
export const searchRequests = pgTable(
	'search_request',
	{
		id: integer('id').primaryKey(),
		...documentColumns(),
		complaint: text('complaint').notNull().default('')
	},
	(t) => [
		...documentIndexes('search_request', t),
		// A request's order date is not its own date (an order's is, see CREATED_AT_TWIN), so a
		// technician with an order-date range ("what did X take on") needs its own pair.
		index('search_request_technician_ordered_idx').on(t.technicianId, t.orderedAt)
	]
);

/** One document per service order (id = the order's id). */
export const searchOrders = pgTable(
	'search_order',
	{
		id: integer('id').primaryKey(),
		...documentColumns(),
		requestStatus: text('request_status').notNull(),
		serviceId: integer('service_id'),
		workTypeId: integer('work_type_id'),
		complaint: text('complaint').notNull().default('')
	},
	(t) => documentIndexes('search_order', t)
);

/** One document per work log (id = the work log's id). */
export const searchWorkLogs = pgTable(
	'search_work_log',
	{
		id: integer('id').primaryKey(),
		...documentColumns(),
		orderId: integer('order_id').notNull(),
		requestStatus: text('request_status').notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		isRework: boolean('is_rework').notNull().default(false),
		description: text('description').notNull().default('')
	},
	(t) => documentIndexes('search_work_log', t)
);

/** A user's named search: the page it belongs to and its query string. */
export const savedSearches = pgTable(
	'saved_search',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** requests | orders | work-logs */
		kind: text('kind').notNull(),
		name: text('name').notNull(),
		/** The filters as a URL query string, without cursor. */
		query: text('query').notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('saved_search_user_kind_name_uq').on(t.userId, t.kind, t.name)]
);

export type SearchRequestDoc = typeof searchRequests.$inferSelect;
export type SearchOrderDoc = typeof searchOrders.$inferSelect;
export type SearchWorkLogDoc = typeof searchWorkLogs.$inferSelect;
export type SavedSearch = typeof savedSearches.$inferSelect;
