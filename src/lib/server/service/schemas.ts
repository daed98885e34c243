/**
 * Inputs of the service path, shared by form actions, the REST API and the OpenAPI document.
 * Every field accepts what people type (any digits, ی/ي, empty form fields) and yields the
 * canonical value the services expect.
 */
import { z } from 'zod';
import { STATUSES } from '#lib/domain/lifecycle';
import { parseLocaleDecimal, removeInvisibleChars } from '#lib/domain/text';
import {
	day,
	flag,
	id,
	int,
	nullable,
	optional,
	optionalText,
	quantity,
	rials,
	text
} from '../catalog/inputs';
import { pageFields } from '../catalog/paging';
import {
	ANSWER_CHANNELS,
	BASE_DOCUMENT_TYPES,
	CHANNELS,
	ESTIMATE_LINE_KINDS,
	ESTIMATE_STATUSES,
	ORDER_STATUSES,
	WORK_LOG_STATUSES
} from '../db/schema';
import { mobile, serialText } from '../warranty/schemas';

/** How reception identifies what was brought in. */
export const RECEIVE_BY = ['warranty_serial', 'product_serial', 'product_code'] as const;
export type ReceiveBy = (typeof RECEIVE_BY)[number];

const last = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[v.length - 1] : v);

/**
 * An instant: ISO text with a zone, or a form's `datetime-local` value (no zone), which is read
 * as Tehran wall-clock time because that is the clock on the workshop wall.
 */
export const instant = z.preprocess(
	(v) => {
		const value = last(v);
		if (typeof value !== 'string') return value;
		const text = removeInvisibleChars(value).trim();
		if (!text) return undefined;
		const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text);
		const parsed = new Date(local ? `${text}+03:30` : text);
		return Number.isNaN(parsed.getTime()) ? 'invalid' : parsed;
	},
	z.date({ message: 'validation.invalid' })
);

/** One value or many (repeated query/form field or comma-separated) from a fixed list. */
function oneOrMany<T extends readonly [string, ...string[]]>(values: T) {
	return z.preprocess(
		(v) => {
			if (v === undefined || v === '') return undefined;
			const list = (Array.isArray(v) ? (v as unknown[]) : [v]).flatMap((x): unknown[] =>
				typeof x === 'string' ? x.split(',') : [x]
			);
			return list.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
		},
		z.array(z.enum(values)).max(values.length).optional()
	);
}

const version = int(1);
const optionalVersion = optional(int(1));
const channel = z.enum(CHANNELS);
const note = optional(optionalText(1000));

/** Finds the unit, warranty and coverage while reception types (the form's live lookup). */
export const receptionLookupSchema = z
	.object({
		by: z.enum(RECEIVE_BY),
		key: text(100),
		/** Picks one product when a product serial exists for several. */
		productId: optional(id)
	})
	.meta({ id: 'ReceptionLookup' });

/** A new service request. Submitted at once unless `submit` is false (kept as a draft). */
export const receiveSchema = z
	.object({
		by: z.enum(RECEIVE_BY),
		key: text(100),
		/** With a product serial: which product, when several share the serial or the unit is new. */
		productId: optional(id),
		/** Needed only for users who may work in every branch. */
		branchId: optional(id),
		counterId: optional(id),
		channel: optional(channel),
		customerId: optional(id),
		customerName: optional(text(120)),
		customerMobile: optional(mobile),
		delivererName: optional(optionalText(120)),
		complaint: optional(optionalText(2000)),
		accessories: optional(optionalText(1000)),
		condition: optional(optionalText(1000)),
		expectedAt: optional(day),
		needsSorting: optional(flag),
		submit: optional(flag)
	})
	.meta({ id: 'ServiceRequestCreate' });

/** Editable details of a request; `version` must be the one the user read. */
export const requestUpdateSchema = z
	.object({
		version,
		delivererName: optional(optionalText(120)),
		complaint: optional(optionalText(2000)),
		accessories: optional(optionalText(1000)),
		condition: optional(optionalText(1000)),
		expectedAt: nullable(day),
		needsSorting: optional(flag)
	})
	.meta({ id: 'ServiceRequestUpdate' });

/** A version-checked step with nothing else to say (submit, start repair, mark sorted). */
export const versionOnlySchema = z.object({ version: optionalVersion });

/** A status move through the generic endpoint; moves that need more data take it here too. */
export const transitionSchema = z
	.object({
		to: z.enum(STATUSES),
		reason: optional(optionalText(1000)),
		version,
		/** For `delivered`: who took the unit. */
		receivedByName: optional(text(120)),
		oneTimeCodeVerified: optional(flag),
		/** For `replaced`: the serial of the new unit, and its product when it is another model. */
		newSerial: optional(serialText),
		newProductId: optional(id)
	})
	.meta({ id: 'ServiceRequestTransition' });

const bulkLineSchema = z.object({
	serial: text(100),
	productCode: optional(optionalText(40)),
	complaint: optional(optionalText(2000)),
	accessories: optional(optionalText(1000)),
	condition: optional(optionalText(1000))
});

/** Maximum lines of one bulk list; bigger batches are split by the sender. */
export const BULK_MAX_LINES = 500;

/**
 * A bulk intake list: lines as JSON, or `text` holding typed/pasted serials or a CSV
 * (`serial,product_code,complaint,accessories,condition`, header optional). List-level
 * complaint/accessories/condition apply to lines that give none.
 */
export const bulkIntakeSchema = z
	.object({
		branchId: optional(id),
		counterId: optional(id),
		agencyId: optional(id),
		channel: optional(channel),
		delivererName: optional(optionalText(120)),
		customerId: optional(id),
		complaint: optional(optionalText(2000)),
		accessories: optional(optionalText(1000)),
		condition: optional(optionalText(1000)),
		note,
		submit: optional(flag),
		lines: z.array(bulkLineSchema).max(BULK_MAX_LINES).optional(),
		text: optional(z.string().max(200_000))
	})
	.meta({ id: 'BulkIntake' });

/** Issues a service order to a technician. */
export const issueOrderSchema = z
	.object({
		requestId: id,
		technicianId: id,
		priorityId: id,
		serviceId: optional(id),
		workTypeId: optional(id),
		serviceTypeId: optional(id),
		baseDocumentType: optional(z.enum(BASE_DOCUMENT_TYPES)),
		/** Id of the base document; the request itself when the type is `request`. */
		baseDocumentId: optional(id),
		note,
		version: optionalVersion
	})
	.meta({ id: 'ServiceOrderIssue' });

/** Hands an open order to another technician; the old order is kept as `reassigned`. */
export const reassignOrderSchema = z
	.object({ technicianId: id, reason: optional(optionalText(500)), version })
	.meta({ id: 'ServiceOrderReassign' });

const estimateLineSchema = z.object({
	kind: z.enum(ESTIMATE_LINE_KINDS),
	productId: optional(id),
	serviceId: optional(id),
	description: optional(optionalText(300)),
	quantity: int(1, 10_000),
	/** Defaults to the part's price or the service's labour charge. */
	unitPriceRials: optional(rials)
});

/** The technician's diagnosis: no charge (warranty covers it), or an estimate with lines. */
export const estimateSchema = z
	.object({
		requestId: id,
		noCharge: optional(flag),
		lines: z.array(estimateLineSchema).max(100).optional(),
		note,
		version: optionalVersion
	})
	.meta({ id: 'EstimateDeclare' });

/** The customer's answer to a pending estimate, recorded once. */
export const estimateAnswerSchema = z
	.object({
		decision: z.enum(['approve', 'reject']),
		via: optional(z.enum(ANSWER_CHANNELS)),
		note,
		version: optionalVersion
	})
	.meta({ id: 'EstimateAnswer' });

const workLogPartSchema = z.object({
	productId: id,
	quantity,
	newSerial: optional(optionalText(64)),
	removedSerial: optional(optionalText(64))
});

/** A work log; submitting it sends the request to QC. Give start and end, or a duration. */
export const workLogSchema = z
	.object({
		orderId: optional(id),
		requestId: optional(id),
		startedAt: optional(instant),
		endedAt: optional(instant),
		durationMinutes: optional(int(1, 100_000)),
		description: text(4000),
		parts: z.array(workLogPartSchema).max(50).optional(),
		version: optionalVersion
	})
	.refine((v) => v.orderId !== undefined || v.requestId !== undefined, {
		path: ['orderId'],
		message: 'validation.required'
	})
	.meta({ id: 'WorkLogCreate' });

/** QC's decision on a work log with a 0–100 score; a rejection needs a reason. */
export const qcReviewSchema = z
	.object({
		decision: z.enum(['approve', 'reject']),
		reason: optional(optionalText(1000)),
		score: int(0, 100),
		version: optionalVersion
	})
	.meta({ id: 'QcReview' });

/** Hand-over to the customer. */
export const deliverSchema = z
	.object({
		receivedByName: text(120),
		deliveredAt: optional(instant),
		oneTimeCodeVerified: optional(flag),
		note,
		version: optionalVersion
	})
	.meta({ id: 'Delivery' });

/** Swap for a new unit; the warranty moves to it. */
export const replaceSchema = z
	.object({
		newSerial: serialText,
		newProductId: optional(id),
		reason: text(1000),
		version: optionalVersion
	})
	.meta({ id: 'Replacement' });

/** Cancellation, always with a reason. */
export const cancelSchema = z
	.object({ reason: text(1000), version: optionalVersion })
	.meta({ id: 'Cancellation' });

const percent = z.preprocess(
	(v) => (typeof v === 'string' ? (parseLocaleDecimal(v) ?? Number.NaN) : v),
	z
		.number({ message: 'validation.number' })
		.min(0, 'validation.number')
		.max(1000, 'validation.number')
);

/** A replacement threshold for a category (all values) or a product (values it overrides). */
export const replacementRuleSchema = z
	.object({
		categoryId: optional(id),
		productId: optional(id),
		windowMonths: nullable(int(0, 240)),
		maxWarrantyRepairs: nullable(int(0, 100)),
		maxCostPercent: nullable(percent)
	})
	.meta({ id: 'ReplacementRule' });

const dateRange = { from: optional(day), to: optional(day) };

/** Filters of the request list; dates are Jalali (any digits) or ISO days, both ends inclusive. */
export const requestListQuery = z.object({
	status: oneOrMany(STATUSES),
	branchId: optional(id),
	technicianId: optional(id),
	listId: optional(id),
	unitId: optional(id),
	customerId: optional(id),
	replacementFlag: optional(flag),
	q: optional(z.string().max(100)),
	...dateRange,
	...pageFields
});

/** Filters of the service order list. */
export const orderListQuery = z.object({
	status: oneOrMany(ORDER_STATUSES),
	branchId: optional(id),
	technicianId: optional(id),
	requestId: optional(id),
	...dateRange,
	...pageFields
});

/** Filters of the work log list. */
export const workLogListQuery = z.object({
	status: oneOrMany(WORK_LOG_STATUSES),
	branchId: optional(id),
	technicianId: optional(id),
	requestId: optional(id),
	...dateRange,
	...pageFields
});

export const estimateStatusSchema = z.enum(ESTIMATE_STATUSES);

export type ReceiveInput = z.infer<typeof receiveSchema>;
export type RequestUpdateInput = z.infer<typeof requestUpdateSchema>;
export type TransitionInput = z.infer<typeof transitionSchema>;
export type BulkIntakeInput = z.infer<typeof bulkIntakeSchema>;
export type IssueOrderInput = z.infer<typeof issueOrderSchema>;
export type ReassignOrderInput = z.infer<typeof reassignOrderSchema>;
export type EstimateInput = z.infer<typeof estimateSchema>;
export type EstimateAnswerInput = z.infer<typeof estimateAnswerSchema>;
export type WorkLogInput = z.infer<typeof workLogSchema>;
export type QcReviewInput = z.infer<typeof qcReviewSchema>;
export type DeliverInput = z.infer<typeof deliverSchema>;
export type ReplaceInput = z.infer<typeof replaceSchema>;
export type CancelInput = z.infer<typeof cancelSchema>;
export type ReplacementRuleInput = z.infer<typeof replacementRuleSchema>;
export type RequestListQuery = z.infer<typeof requestListQuery>;
export type OrderListQuery = z.infer<typeof orderListQuery>;
export type WorkLogListQuery = z.infer<typeof workLogListQuery>;
