import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	integer,
	jsonb,
	numeric,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { STATUSES } from '#lib/domain/lifecycle';
import { users } from './auth';
import { customers } from './crm';
import {
	priorities,
	productCategories,
	products,
	serviceTypes,
	services,
	units,
	workTypes
} from './catalog';
import { agencies, branches, counters } from './org';
import { warranties } from './warranty';

/** How a request reached the service centre (روش درخواست). */
export const CHANNELS = ['in_person', 'online', 'phone', 'agent', 'sms', 'telegram'] as const;
/** What a service order can be based on (سند مبنا). */
export const BASE_DOCUMENT_TYPES = [
	'request',
	'order',
	'sales_document',
	'periodic_service'
] as const;
export const ORDER_STATUSES = ['open', 'in_progress', 'done', 'reassigned', 'cancelled'] as const;
export const ESTIMATE_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export const ESTIMATE_LINE_KINDS = ['part', 'labour', 'service'] as const;
/** Who brought the customer's answer to an estimate. */
export const ANSWER_CHANNELS = ['staff', 'sms', 'telegram', 'portal'] as const;
export const WORK_LOG_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export const QC_DECISIONS = ['approved', 'rejected'] as const;
/** Warranty coverage as seen at reception; kept on the request because it decides who pays. */
export const COVERAGES = ['active', 'grace', 'expired', 'pending', 'none'] as const;

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Gapless counters (form numbers, list numbers) keyed by scope, e.g. `form:THR-01:1405`. The
 * row is bumped inside the transaction that uses the number, so a rollback leaves no gap and
 * concurrent receptions queue on the row lock.
 */
export const numberSequences = pgTable('number_sequence', {
	scope: text('scope').primaryKey(),
	lastValue: integer('last_value').notNull()
});

/** A bulk intake list (لیست پذیرش گروهی): many units received together, each its own request. */
export const requestLists = pgTable(
	'request_list',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		jalaliYear: integer('jalali_year').notNull(),
		seq: integer('seq').notNull(),
		/** Display number, e.g. `THR-01-1405-L0007`. */
		listNumber: text('list_number').notNull().unique(),
		agencyId: integer('agency_id').references(() => agencies.id),
		counterId: integer('counter_id').references(() => counters.id),
		channel: text('channel', { enum: CHANNELS }).notNull(),
		delivererName: text('deliverer_name').notNull().default(''),
		note: text('note').notNull().default(''),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('request_list_number_uq').on(t.branchId, t.jalaliYear, t.seq),
		index('request_list_agency_idx').on(t.agencyId)
	]
);

/** A service request (درخواست خدمت): one unit (or product) brought in for service. */
export const serviceRequests = pgTable(
	'service_request',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		jalaliYear: integer('jalali_year').notNull(),
		seq: integer('seq').notNull(),
		/** Display form number, e.g. `THR-01-1405-000123`: per branch and Jalali year, gapless. */
		formNumber: text('form_number').notNull().unique(),
		listId: integer('list_id').references(() => requestLists.id),
		counterId: integer('counter_id').references(() => counters.id),
		agencyId: integer('agency_id').references(() => agencies.id),
		channel: text('channel', { enum: CHANNELS }).notNull(),
		/** Null only for bulk lines whose owner is not known (an agency's stock). */
		customerId: integer('customer_id').references(() => customers.id),
		delivererName: text('deliverer_name').notNull().default(''),
		/** Null when received by product code and the physical unit is not identified yet. */
		unitId: integer('unit_id').references(() => units.id),
		warrantyId: integer('warranty_id').references(() => warranties.id),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id),
		coverage: text('coverage', { enum: COVERAGES }).notNull().default('none'),
		/** Last covered day of the warranty at reception, for the slip and the board. */
		warrantyEndsAt: timestamp('warranty_ends_at', { withTimezone: true }),
		complaint: text('complaint').notNull().default(''),
		accessories: text('accessories').notNull().default(''),
		condition: text('condition').notNull().default(''),
		expectedAt: timestamp('expected_at', { withTimezone: true }),
		/** Set when the unit must be sorted back to its sender even though it is not in a bulk list. */
		needsSorting: boolean('needs_sorting').notNull().default(false),
		status: text('status', { enum: STATUSES }).notNull().default('draft'),
		replacementFlag: boolean('replacement_flag').notNull().default(false),
		replacementReasons: jsonb('replacement_reasons')
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'::jsonb`),
		statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
		version: integer('version').notNull().default(1),
		/**
		 * Form number, serials, customer, deliverer, product and complaint folded by normalizePersian
		 * and normalizeSerial, rewritten by every change that touches them.
		 */
		searchText: text('search_text').notNull().default(''),
		/**
		 * The customer's tracking link (`/t/<token>`): 122 random bits from gen_random_uuid, kept
		 * in the clear because the slip and SMS must print it again. Adding the column with this
		 * volatile default gives every existing row its own token.
		 */
		trackingToken: text('tracking_token')
			.notNull()
			.unique()
			.default(sql`replace(gen_random_uuid()::text, '-', '')`),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		uniqueIndex('service_request_number_uq').on(t.branchId, t.jalaliYear, t.seq),
		index('service_request_status_idx').on(t.status, t.branchId),
		index('service_request_branch_created_idx').on(t.branchId, t.createdAt),
		index('service_request_unit_idx').on(t.unitId),
		index('service_request_list_idx').on(t.listId),
		index('service_request_customer_idx').on(t.customerId),
		index('service_request_agency_idx').on(t.agencyId),
		index('service_request_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops'))
	]
);

/** A photo or PDF received with the unit; the file lives under DATA_DIR/uploads. */
export const attachments = pgTable(
	'attachment',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id),
		fileName: text('file_name').notNull(),
		mime: text('mime').notNull(),
		sizeBytes: integer('size_bytes').notNull(),
		/** Relative to DATA_DIR/uploads. */
		path: text('path').notNull(),
		uploadedBy: integer('uploaded_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		index('attachment_request_idx').on(t.requestId),
		check('attachment_size_ck', sql`${t.sizeBytes} > 0 and ${t.sizeBytes} <= 10485760`)
	]
);

/** A service order (دستور خدمت): work dispatched to one technician for one request. */
export const serviceOrders = pgTable(
	'service_order',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id),
		baseDocumentType: text('base_document_type', { enum: BASE_DOCUMENT_TYPES }).notNull(),
		baseDocumentId: integer('base_document_id').notNull(),
		technicianId: integer('technician_id')
			.notNull()
			.references(() => users.id),
		serviceId: integer('service_id').references(() => services.id),
		workTypeId: integer('work_type_id').references(() => workTypes.id),
		serviceTypeId: integer('service_type_id').references(() => serviceTypes.id),
		priorityId: integer('priority_id')
			.notNull()
			.references(() => priorities.id),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		status: text('status', { enum: ORDER_STATUSES }).notNull().default('open'),
		note: text('note').notNull().default(''),
		assignedBy: integer('assigned_by').references(() => users.id),
		startedAt: timestamp('started_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('service_order_request_idx').on(t.requestId),
		index('service_order_technician_idx').on(t.technicianId, t.status),
		index('service_order_created_idx').on(t.createdAt)
	]
);

/** Every (re)assignment of a request's work to a technician, oldest first; never updated. */
export const orderAssignments = pgTable(
	'order_assignment',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id),
		orderId: integer('order_id')
			.notNull()
			.references(() => serviceOrders.id),
		technicianId: integer('technician_id')
			.notNull()
			.references(() => users.id),
		previousTechnicianId: integer('previous_technician_id').references(() => users.id),
		previousOrderId: integer('previous_order_id').references(() => serviceOrders.id),
		reason: text('reason').notNull().default(''),
		assignedBy: integer('assigned_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('order_assignment_request_idx').on(t.requestId)]
);

/** A cost estimate for a request; `no_charge` records a warranty repair with nothing to pay. */
export const estimates = pgTable(
	'estimate',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id),
		orderId: integer('order_id').references(() => serviceOrders.id),
		status: text('status', { enum: ESTIMATE_STATUSES }).notNull().default('pending'),
		totalRials: bigint('total_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		noCharge: boolean('no_charge').notNull().default(false),
		note: text('note').notNull().default(''),
		declaredBy: integer('declared_by').references(() => users.id),
		answeredBy: integer('answered_by').references(() => users.id),
		answeredVia: text('answered_via', { enum: ANSWER_CHANNELS }),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		answerNote: text('answer_note').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [
		index('estimate_request_idx').on(t.requestId),
		check('estimate_total_ck', sql`${t.totalRials} >= 0`)
	]
);

export const estimateLines = pgTable(
	'estimate_line',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		estimateId: integer('estimate_id')
			.notNull()
			.references(() => estimates.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ESTIMATE_LINE_KINDS }).notNull(),
		productId: integer('product_id').references(() => products.id),
		serviceId: integer('service_id').references(() => services.id),
		description: text('description').notNull().default(''),
		quantity: integer('quantity').notNull(),
		unitPriceRials: bigint('unit_price_rials', { mode: 'bigint' }).notNull(),
		amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull()
	},
	(t) => [
		index('estimate_line_estimate_idx').on(t.estimateId),
		check(
			'estimate_line_amount_ck',
			sql`${t.quantity} > 0 and ${t.unitPriceRials} >= 0 and ${t.amountRials} >= 0`
		)
	]
);

/** A technician's work log (ثبت عملکرد) on an order; submitting it sends the request to QC. */
export const workLogs = pgTable(
	'work_log',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		orderId: integer('order_id')
			.notNull()
			.references(() => serviceOrders.id),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id),
		technicianId: integer('technician_id')
			.notNull()
			.references(() => users.id),
		startedAt: timestamp('started_at', { withTimezone: true }),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		durationMinutes: integer('duration_minutes').notNull(),
		description: text('description').notNull(),
		status: text('status', { enum: WORK_LOG_STATUSES }).notNull().default('submitted'),
		/** Work done after a QC rejection. */
		isRework: boolean('is_rework').notNull().default(false),
		version: integer('version').notNull().default(1),
		createdAt: createdAt()
	},
	(t) => [
		index('work_log_order_idx').on(t.orderId),
		index('work_log_request_idx').on(t.requestId),
		index('work_log_technician_idx').on(t.technicianId, t.createdAt),
		check('work_log_duration_ck', sql`${t.durationMinutes} >= 0`)
	]
);

/** A part consumed by a work log, with the serials of the new part and the removed one. */
export const workLogParts = pgTable(
	'work_log_part',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		workLogId: integer('work_log_id')
			.notNull()
			.references(() => workLogs.id, { onDelete: 'cascade' }),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id),
		quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
		newSerial: text('new_serial').notNull().default(''),
		removedSerial: text('removed_serial').notNull().default(''),
		/** Whether the part is on the product's BOM (decided by the server, not the form). */
		fromBom: boolean('from_bom').notNull().default(false)
	},
	(t) => [
		index('work_log_part_log_idx').on(t.workLogId),
		check('work_log_part_qty_ck', sql`${t.quantity} > 0`)
	]
);

/** A QC decision on a work log, with a 0–100 score of the technician's work. */
export const qcReviews = pgTable(
	'qc_review',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		workLogId: integer('work_log_id')
			.notNull()
			.references(() => workLogs.id)
			.unique(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id),
		decision: text('decision', { enum: QC_DECISIONS }).notNull(),
		reason: text('reason').notNull().default(''),
		score: integer('score').notNull(),
		reviewerId: integer('reviewer_id').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		index('qc_review_request_idx').on(t.requestId),
		check('qc_review_score_ck', sql`${t.score} between 0 and 100`)
	]
);

/** Hand-over of the unit to the customer; one per request. */
export const deliveries = pgTable('delivery', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	requestId: integer('request_id')
		.notNull()
		.references(() => serviceRequests.id)
		.unique(),
	receivedByName: text('received_by_name').notNull(),
	deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
	oneTimeCodeVerified: boolean('one_time_code_verified').notNull().default(false),
	/** Relative to DATA_DIR/uploads, when the customer signed on a pad. */
	signaturePath: text('signature_path'),
	note: text('note').notNull().default(''),
	deliveredBy: integer('delivered_by').references(() => users.id),
	createdAt: createdAt()
});

/** A unit swapped for a new one instead of being repaired; the warranty moves to the new unit. */
export const replacements = pgTable(
	'replacement',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => serviceRequests.id)
			.unique(),
		oldUnitId: integer('old_unit_id')
			.notNull()
			.references(() => units.id),
		newUnitId: integer('new_unit_id')
			.notNull()
			.references(() => units.id),
		warrantyId: integer('warranty_id').references(() => warranties.id),
		/** Warranty end before and after the swap (equal unless the warranty type restarts it). */
		warrantyEndBefore: timestamp('warranty_end_before', { withTimezone: true }),
		warrantyEndAfter: timestamp('warranty_end_after', { withTimezone: true }),
		reason: text('reason').notNull(),
		replacedBy: integer('replaced_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		index('replacement_old_unit_idx').on(t.oldUnitId),
		index('replacement_new_unit_idx').on(t.newUnitId)
	]
);

/**
 * Replacement threshold settings (آستانهٔ تعویض) for a category, optionally overridden per product;
 * a null field on a product row inherits the category's value.
 */
export const replacementRules = pgTable(
	'replacement_rule',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		categoryId: integer('category_id').references(() => productCategories.id, {
			onDelete: 'cascade'
		}),
		productId: integer('product_id').references(() => products.id, { onDelete: 'cascade' }),
		windowMonths: integer('window_months'),
		maxWarrantyRepairs: integer('max_warranty_repairs'),
		maxCostPercent: numeric('max_cost_percent', { precision: 6, scale: 2, mode: 'number' }),
		updatedBy: integer('updated_by').references(() => users.id),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		uniqueIndex('replacement_rule_category_uq').on(t.categoryId),
		uniqueIndex('replacement_rule_product_uq').on(t.productId),
		check('replacement_rule_target_ck', sql`(${t.categoryId} is null) <> (${t.productId} is null)`),
		check(
			'replacement_rule_values_ck',
			sql`coalesce(${t.windowMonths}, 0) >= 0 and coalesce(${t.maxWarrantyRepairs}, 0) >= 0 and coalesce(${t.maxCostPercent}, 0) >= 0`
		)
	]
);

/** Stored answers of mutating API calls, so a retried call with the same key is not applied twice. */
export const idempotencyKeys = pgTable(
	'idempotency_key',
	{
		actorId: integer('actor_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		/** `POST /api/v1/service-requests`. */
		endpoint: text('endpoint').notNull(),
		requestHash: text('request_hash').notNull(),
		/** Null while the first call is still running. */
		responseStatus: integer('response_status'),
		responseBody: text('response_body'),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.actorId, t.key] }),
		index('idempotency_key_created_idx').on(t.createdAt)
	]
);

export type Channel = (typeof CHANNELS)[number];
export type BaseDocumentType = (typeof BASE_DOCUMENT_TYPES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type EstimateStatus = (typeof ESTIMATE_STATUSES)[number];
export type EstimateLineKind = (typeof ESTIMATE_LINE_KINDS)[number];
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];
export type Coverage = (typeof COVERAGES)[number];
export type ServiceRequest = typeof serviceRequests.$inferSelect;
export type RequestList = typeof requestLists.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;
export type ServiceOrder = typeof serviceOrders.$inferSelect;
export type OrderAssignment = typeof orderAssignments.$inferSelect;
export type Estimate = typeof estimates.$inferSelect;
export type EstimateLine = typeof estimateLines.$inferSelect;
export type WorkLog = typeof workLogs.$inferSelect;
export type WorkLogPart = typeof workLogParts.$inferSelect;
export type QcReview = typeof qcReviews.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type Replacement = typeof replacements.$inferSelect;
export type ReplacementRuleRow = typeof replacementRules.$inferSelect;
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
