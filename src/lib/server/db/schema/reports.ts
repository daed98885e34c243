/**
 * Report facts: narrow, pre-computed rows the reports aggregate, kept in step with the service
 * path by the reports projector (same transaction as the change). The expensive parts — working
 * minutes on the branch calendar, repeat-repair gaps, part costs — are computed once per change
 * instead of per report view, so a report over a million requests is one indexed aggregate.
 *
 * No foreign keys: facts are a read model, rebuilt from the service tables at will.
 */
import {
	bigint,
	boolean,
	index,
	integer,
	numeric,
	pgTable,
	smallint,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** One row per service request. */
export const reportRequestFacts = pgTable(
	'report_request_fact',
	{
		requestId: integer('request_id').primaryKey(),
		branchId: integer('branch_id').notNull(),
		agencyId: integer('agency_id'),
		productId: integer('product_id').notNull(),
		unitId: integer('unit_id'),
		/** Of the current order (the newest still in force, else the newest). */
		technicianId: integer('technician_id'),
		serviceTypeId: integer('service_type_id'),
		priorityId: integer('priority_id'),
		status: text('status').notNull(),
		statusSince: ts('status_since').notNull(),
		receivedAt: ts('received_at').notNull(),
		/** The first order's issue time. */
		orderedAt: ts('ordered_at'),
		qcApprovedAt: ts('qc_approved_at'),
		deliveredAt: ts('delivered_at'),
		replacedAt: ts('replaced_at'),
		/** Working minutes (branch calendar) from reception to delivery. */
		receptionToDeliveryMinutes: integer('reception_to_delivery_minutes'),
		/** Working minutes from the first order to the first QC approval. */
		orderToQcMinutes: integer('order_to_qc_minutes'),
		inWarranty: boolean('in_warranty').notNull(),
		replacementFlag: boolean('replacement_flag').notNull(),
		/** Days since the same unit was last delivered, when it came back within a year. */
		repeatGapDays: integer('repeat_gap_days'),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('report_request_fact_received_idx').on(t.receivedAt),
		index('report_request_fact_branch_received_idx').on(t.branchId, t.receivedAt),
		index('report_request_fact_technician_received_idx').on(t.technicianId, t.receivedAt),
		index('report_request_fact_agency_received_idx').on(t.agencyId, t.receivedAt),
		index('report_request_fact_status_idx').on(t.status, t.statusSince)
	]
);

/** One row per service order. */
export const reportOrderFacts = pgTable(
	'report_order_fact',
	{
		orderId: integer('order_id').primaryKey(),
		requestId: integer('request_id').notNull(),
		branchId: integer('branch_id').notNull(),
		agencyId: integer('agency_id'),
		technicianId: integer('technician_id').notNull(),
		serviceTypeId: integer('service_type_id'),
		priorityId: integer('priority_id').notNull(),
		status: text('status').notNull(),
		issuedAt: ts('issued_at').notNull(),
		dueAt: ts('due_at').notNull(),
		closedAt: ts('closed_at')
	},
	(t) => [
		index('report_order_fact_issued_idx').on(t.issuedAt),
		index('report_order_fact_technician_issued_idx').on(t.technicianId, t.issuedAt),
		index('report_order_fact_branch_issued_idx').on(t.branchId, t.issuedAt),
		index('report_order_fact_open_due_idx').on(t.status, t.dueAt)
	]
);

/** One row per QC review, attributed to the technician who logged the reviewed work. */
export const reportQcFacts = pgTable(
	'report_qc_fact',
	{
		reviewId: integer('review_id').primaryKey(),
		requestId: integer('request_id').notNull(),
		branchId: integer('branch_id').notNull(),
		agencyId: integer('agency_id'),
		technicianId: integer('technician_id').notNull(),
		serviceTypeId: integer('service_type_id'),
		priorityId: integer('priority_id'),
		/** When the reviewed work was logged (the date the search's work-log filter uses). */
		loggedAt: ts('logged_at').notNull(),
		reviewedAt: ts('reviewed_at').notNull(),
		approved: boolean('approved').notNull(),
		score: smallint('score').notNull()
	},
	(t) => [
		index('report_qc_fact_logged_idx').on(t.loggedAt),
		index('report_qc_fact_technician_logged_idx').on(t.technicianId, t.loggedAt)
	]
);

/** One row per part used in a work log, with its cost at the part's catalogue price. */
export const reportPartFacts = pgTable(
	'report_part_fact',
	{
		workLogPartId: integer('work_log_part_id').primaryKey(),
		requestId: integer('request_id').notNull(),
		branchId: integer('branch_id').notNull(),
		agencyId: integer('agency_id'),
		technicianId: integer('technician_id').notNull(),
		serviceTypeId: integer('service_type_id'),
		priorityId: integer('priority_id'),
		/** The serviced product (model) the part went into. */
		productId: integer('product_id').notNull(),
		partId: integer('part_id').notNull(),
		quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
		costRials: bigint('cost_rials', { mode: 'bigint' }).notNull(),
		/** Consumed on the warranty (no charge to the customer). */
		underWarranty: boolean('under_warranty').notNull(),
		loggedAt: ts('logged_at').notNull()
	},
	(t) => [
		index('report_part_fact_logged_idx').on(t.loggedAt),
		index('report_part_fact_request_idx').on(t.requestId)
	]
);

export type ReportRequestFact = typeof reportRequestFacts.$inferSelect;
export type ReportOrderFact = typeof reportOrderFacts.$inferSelect;
