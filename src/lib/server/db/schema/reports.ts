/**
 * Report facts: narrow, pre-computed rows the reports aggregate, kept in step with the service
 * path by the reports projector (same transaction as the change). The expensive parts — working
 * minutes on the branch calendar, repeat-repair gaps, part costs — are computed once per change
 * instead of per report view, so a report over a million requests is one indexed aggregate.
 *
 * No foreign keys: facts are a read model, rebuilt from the service tables at will.
 */
import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	date,
	index,
	integer,
	numeric,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	type AnyPgColumn
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
		index('report_request_fact_status_idx').on(t.status, t.statusSince),
		// The durations report reads only finished work: a narrow index it can scan alone.
		index('report_request_fact_durations_idx')
			.on(
				t.receivedAt,
				t.technicianId,
				t.receptionToDeliveryMinutes,
				t.orderToQcMinutes,
				t.branchId,
				t.agencyId,
				t.serviceTypeId,
				t.priorityId
			)
			.where(sql`${t.receptionToDeliveryMinutes} is not null or ${t.orderToQcMinutes} is not null`),
		// The status report's snapshot reads only open requests.
		index('report_request_fact_open_idx')
			.on(t.status, t.statusSince, t.branchId, t.agencyId, t.technicianId)
			.where(sql`${t.status} not in ('delivered', 'replaced', 'cancelled')`),
		index('report_request_fact_repeat_idx')
			.on(t.receivedAt)
			.where(sql`${t.repeatGapDays} is not null`)
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

/**
 * Daily rollups of the facts, kept by the same projector (the old contribution of a request is
 * subtracted and the new one added in its transaction), so the period reports sum a few
 * thousand rows instead of scanning a million. Days are Tehran days; a missing dimension is 0.
 */
const rollupKey = () => ({
	day: date('day', { mode: 'string' }).notNull(),
	branchId: integer('branch_id').notNull(),
	agencyId: integer('agency_id').notNull(),
	technicianId: integer('technician_id').notNull(),
	serviceTypeId: integer('service_type_id').notNull(),
	priorityId: integer('priority_id').notNull()
});
type KeyTable = Record<keyof ReturnType<typeof rollupKey>, AnyPgColumn>;
const keyColumns = (t: KeyTable) =>
	[t.day, t.branchId, t.agencyId, t.technicianId, t.serviceTypeId, t.priorityId] as const;

/** Orders per issue day: issued, completed (done), closed, closed after the due time. */
export const reportOrderDaily = pgTable(
	'report_order_daily',
	{
		...rollupKey(),
		issued: integer('issued').notNull(),
		completed: integer('completed').notNull(),
		closed: integer('closed').notNull(),
		closedLate: integer('closed_late').notNull()
	},
	(t) => [primaryKey({ name: 'report_order_daily_pk', columns: [...keyColumns(t)] })]
);

/** Orders still open, per issue day and due day: overdue is "due day before today" (+ today live). */
export const reportOpenOrderDaily = pgTable(
	'report_open_order_daily',
	{
		...rollupKey(),
		dueDay: date('due_day', { mode: 'string' }).notNull(),
		open: integer('open').notNull()
	},
	(t) => [primaryKey({ name: 'report_open_order_daily_pk', columns: [...keyColumns(t), t.dueDay] })]
);

/** QC reviews per day the reviewed work was logged. */
export const reportQcDaily = pgTable(
	'report_qc_daily',
	{
		...rollupKey(),
		reviews: integer('reviews').notNull(),
		rejected: integer('rejected').notNull(),
		scoreSum: bigint('score_sum', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ name: 'report_qc_daily_pk', columns: [...keyColumns(t)] })]
);

/** Requests per reception day and product: repeats, threshold, replacements, warranty claims. */
export const reportRequestDaily = pgTable(
	'report_request_daily',
	{
		...rollupKey(),
		productId: integer('product_id').notNull(),
		requests: integer('requests').notNull(),
		repeat30: integer('repeat30').notNull(),
		repeat90: integer('repeat90').notNull(),
		flagged: integer('flagged').notNull(),
		replaced: integer('replaced').notNull(),
		claims: integer('claims').notNull(),
		claimsDelivered: integer('claims_delivered').notNull(),
		claimsReplaced: integer('claims_replaced').notNull()
	},
	(t) => [primaryKey({ name: 'report_request_daily_pk', columns: [...keyColumns(t), t.productId] })]
);

/** Parts used on warranty per log day and part. */
export const reportPartDaily = pgTable(
	'report_part_daily',
	{
		...rollupKey(),
		partId: integer('part_id').notNull(),
		lines: integer('lines').notNull(),
		quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
		costRials: bigint('cost_rials', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ name: 'report_part_daily_pk', columns: [...keyColumns(t), t.partId] })]
);

/**
 * Open requests per day they entered their status and per status: the status report's snapshot
 * sums these (ages from the summed entry instants) instead of reading every open request.
 */
export const reportOpenRequestDaily = pgTable(
	'report_open_request_daily',
	{
		...rollupKey(),
		status: text('status').notNull(),
		open: integer('open').notNull(),
		/** Sum of the entry instants in epoch milliseconds: total age = open × now − this. */
		sinceMs: bigint('since_ms', { mode: 'number' }).notNull()
	},
	(t) => [
		primaryKey({ name: 'report_open_request_daily_pk', columns: [...keyColumns(t), t.status] })
	]
);

/**
 * Histograms of the service durations per Jalali month of reception and technician: how many
 * requests took each 6-minute bucket (the 0.1 working hour shown), per metric (1 reception →
 * delivery, 2 order → QC approved). Whole months of a period merge these; medians and 90th
 * percentiles come from the merged counts exactly as from the facts.
 */
export const reportDurationMonthly = pgTable(
	'report_duration_monthly',
	{
		/** Tehran day the Jalali month starts on. */
		month: date('month', { mode: 'string' }).notNull(),
		/** 0 when the request has no technician; -1 for the month over every technician. */
		technicianId: integer('technician_id').notNull(),
		metric: smallint('metric').notNull(),
		/** Working minutes rounded to the nearest 6 (half up). */
		bucket: integer('bucket').notNull(),
		n: integer('n').notNull()
	},
	(t) => [
		primaryKey({
			name: 'report_duration_monthly_pk',
			// Technician first: a period's months of one series are one range, in month order.
			columns: [t.technicianId, t.month, t.metric, t.bucket]
		})
	]
);

export type ReportRequestFact = typeof reportRequestFacts.$inferSelect;
export type ReportOrderFact = typeof reportOrderFacts.$inferSelect;
