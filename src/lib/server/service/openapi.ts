/** OpenAPI description of the service-path endpoints (requests, orders, estimates, work logs, QC). */
import { z } from 'zod';
import { STATUSES } from '#lib/domain/lifecycle';
import { registerEndpoint } from '../http/openapi';
import {
	ANSWER_CHANNELS,
	BASE_DOCUMENT_TYPES,
	CHANNELS,
	COVERAGES,
	ESTIMATE_LINE_KINDS,
	ESTIMATE_STATUSES,
	ORDER_STATUSES,
	QC_DECISIONS,
	WORK_LOG_STATUSES
} from '../db/schema';
import {
	bulkIntakeSchema,
	estimateAnswerSchema,
	estimateSchema,
	issueOrderSchema,
	orderListQuery,
	qcReviewSchema,
	reassignOrderSchema,
	receiveSchema,
	requestListQuery,
	transitionSchema,
	workLogListQuery,
	workLogSchema
} from './schemas';

const tags = ['Service path'];
const at = z.iso.datetime();
const rials = z.string().regex(/^\d+$/).describe('Integer Rials as a decimal string');
const status = z.enum(STATUSES);

const requestOut = z
	.object({
		id: z.number(),
		formNumber: z.string(),
		branchId: z.number(),
		jalaliYear: z.number(),
		seq: z.number(),
		listId: z.number().nullable(),
		counterId: z.number().nullable(),
		agencyId: z.number().nullable(),
		channel: z.enum(CHANNELS),
		customerId: z.number().nullable(),
		delivererName: z.string(),
		unitId: z.number().nullable(),
		warrantyId: z.number().nullable(),
		productId: z.number(),
		coverage: z.enum(COVERAGES),
		warrantyEndsAt: at.nullable(),
		complaint: z.string(),
		accessories: z.string(),
		condition: z.string(),
		expectedAt: at.nullable(),
		needsSorting: z.boolean(),
		status,
		replacementFlag: z.boolean(),
		replacementReasons: z.array(z.enum(['repairs', 'cost'])),
		statusChangedAt: at,
		version: z.number().describe('Send back as `version` when changing the request'),
		createdBy: z.number().nullable(),
		createdAt: at,
		updatedAt: at
	})
	.meta({ id: 'ServiceRequest' });

const requestListItem = z
	.object({
		id: z.number(),
		formNumber: z.string(),
		status,
		statusChangedAt: at,
		createdAt: at,
		version: z.number(),
		branchId: z.number(),
		branchCode: z.string(),
		channel: z.enum(CHANNELS),
		listId: z.number().nullable(),
		listNumber: z.string().nullable(),
		customerId: z.number().nullable(),
		customerName: z.string().nullable(),
		customerMobile: z.string().nullable(),
		delivererName: z.string(),
		productId: z.number(),
		productCode: z.string(),
		productNameFa: z.string(),
		productNameEn: z.string(),
		unitSerial: z.string().nullable(),
		coverage: z.enum(COVERAGES),
		complaint: z.string(),
		replacementFlag: z.boolean(),
		replacementReasons: z.array(z.string()),
		technicianId: z.number().nullable(),
		technicianName: z.string().nullable(),
		dueAt: at.nullable()
	})
	.meta({ id: 'ServiceRequestListItem' });

const orderOut = z
	.object({
		id: z.number(),
		requestId: z.number(),
		baseDocumentType: z.enum(BASE_DOCUMENT_TYPES),
		baseDocumentId: z.number(),
		technicianId: z.number(),
		serviceId: z.number().nullable(),
		workTypeId: z.number().nullable(),
		serviceTypeId: z.number().nullable(),
		priorityId: z.number(),
		dueAt: at,
		status: z.enum(ORDER_STATUSES),
		note: z.string(),
		assignedBy: z.number().nullable(),
		startedAt: at.nullable(),
		closedAt: at.nullable(),
		version: z.number(),
		createdAt: at,
		updatedAt: at
	})
	.meta({ id: 'ServiceOrder' });

const orderView = orderOut
	.extend({
		formNumber: z.string(),
		branchId: z.number(),
		requestStatus: status,
		technicianName: z.string(),
		priorityCode: z.string(),
		priorityNameFa: z.string(),
		priorityNameEn: z.string(),
		priorityColour: z.string(),
		serviceNameFa: z.string().nullable(),
		serviceNameEn: z.string().nullable(),
		workTypeNameFa: z.string().nullable(),
		workTypeNameEn: z.string().nullable(),
		serviceTypeNameFa: z.string().nullable(),
		serviceTypeNameEn: z.string().nullable()
	})
	.meta({ id: 'ServiceOrderView' });

const estimateOut = z
	.object({
		id: z.number(),
		requestId: z.number(),
		orderId: z.number().nullable(),
		status: z.enum(ESTIMATE_STATUSES),
		totalRials: rials,
		noCharge: z.boolean(),
		note: z.string(),
		declaredBy: z.number().nullable(),
		answeredBy: z.number().nullable(),
		answeredVia: z.enum(ANSWER_CHANNELS).nullable(),
		answeredAt: at.nullable(),
		answerNote: z.string(),
		createdAt: at,
		lines: z
			.array(
				z.object({
					id: z.number(),
					kind: z.enum(ESTIMATE_LINE_KINDS),
					productId: z.number().nullable(),
					serviceId: z.number().nullable(),
					description: z.string(),
					quantity: z.number(),
					unitPriceRials: rials,
					amountRials: rials
				})
			)
			.optional()
	})
	.meta({ id: 'Estimate' });

const workLogOut = z
	.object({
		id: z.number(),
		orderId: z.number(),
		requestId: z.number(),
		technicianId: z.number(),
		startedAt: at.nullable(),
		endedAt: at.nullable(),
		durationMinutes: z.number(),
		description: z.string(),
		status: z.enum(WORK_LOG_STATUSES),
		isRework: z.boolean(),
		version: z.number(),
		createdAt: at,
		parts: z.array(
			z.object({
				id: z.number(),
				productId: z.number(),
				quantity: z.number(),
				newSerial: z.string(),
				removedSerial: z.string(),
				fromBom: z.boolean()
			})
		)
	})
	.meta({ id: 'WorkLog' });

const qcReviewOut = z
	.object({
		id: z.number(),
		workLogId: z.number(),
		requestId: z.number(),
		decision: z.enum(QC_DECISIONS),
		reason: z.string(),
		score: z.number().int().min(0).max(100),
		reviewerId: z.number().nullable(),
		createdAt: at
	})
	.meta({ id: 'QcReview' });

const timelineEntry = z
	.object({
		id: z.number(),
		at,
		actor: z.object({ id: z.number(), displayName: z.string() }).nullable(),
		entityType: z.string(),
		entityId: z.number(),
		action: z.string(),
		changes: z.record(z.string(), z.unknown()),
		requestId: z.number(),
		formNumber: z.string()
	})
	.meta({ id: 'TimelineEntry' });

const page = <T extends z.ZodType>(item: T) =>
	z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const idempotency =
	'Accepts an `Idempotency-Key` header: the same key with the same body returns the first answer ' +
	'(header `Idempotent-Replayed: true`); with a different body, 422 `idempotency_key_reused`.';

registerEndpoint({
	method: 'get',
	path: '/api/v1/service-requests',
	summary:
		'List service requests (status, branch, technician, Jalali date range, text; cursor pages)',
	tags,
	permission: { area: 'requests', level: 'view' },
	query: requestListQuery,
	response: page(requestListItem)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/service-requests',
	summary: 'Receive a unit by warranty serial, product serial or product code',
	description:
		'Creates the request with the next form number of its branch and Jalali year and submits it ' +
		'(`submit: false` keeps a draft). The customer is picked by id or found/created by mobile. ' +
		idempotency,
	tags,
	permission: { area: 'requests', level: 'edit' },
	body: receiveSchema,
	response: requestOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/service-requests/bulk',
	summary: 'Receive a bulk list: one request per line, all or nothing',
	description:
		'Lines as JSON or as `text` (serials one per line, or CSV). Any bad line refuses the whole list ' +
		'with 422 `bulk_invalid`: `fields` per line and `lines` with line numbers and reasons. ' +
		idempotency,
	tags,
	permission: { area: 'requests', level: 'edit' },
	body: bulkIntakeSchema,
	response: z.object({
		list: z
			.object({
				id: z.number(),
				listNumber: z.string(),
				branchId: z.number(),
				agencyId: z.number().nullable()
			})
			.loose(),
		requests: z.array(requestOut)
	}),
	status: 201
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/service-requests/{id}',
	summary:
		'One request with customer, unit, warranty, orders, estimates, work logs, QC, delivery and replacement',
	tags,
	permission: { area: 'requests', level: 'view' },
	response: z
		.object({
			request: requestOut,
			orders: z.array(orderView),
			estimates: z.array(estimateOut),
			workLogs: z.array(
				workLogOut.extend({ technicianName: z.string(), review: qcReviewOut.nullable() })
			),
			moves: z
				.array(z.object({ name: z.string(), from: status, to: status }))
				.describe('Moves the caller may make now')
		})
		.loose()
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/service-requests/{id}/history',
	summary:
		'Timeline of a request: every status change, order, estimate, work log, QC decision and delivery',
	tags,
	permission: { area: 'requests', level: 'view' },
	response: z.object({ items: z.array(timelineEntry) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/service-requests/{id}/transitions',
	summary: 'Move a request to another status',
	description:
		'`version` must be the one read: otherwise 409 `stale` naming who changed it and when. A move ' +
		'the lifecycle does not allow is 409 `transition_forbidden` with `allowed` (statuses the caller ' +
		'may move to). Delivery needs `receivedByName`; replacement needs `newSerial` and `reason`; ' +
		'cancellation needs `reason`. Moves that create their own document (order, estimate, answer, ' +
		'work log, QC) are 422 `dedicated_operation` naming the endpoint. ' +
		idempotency,
	tags,
	permission: { area: 'requests', level: 'view' },
	body: transitionSchema,
	response: requestOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/service-orders',
	summary: 'List service orders (status, branch, technician, request, Jalali date range)',
	tags,
	permission: { area: 'orders', level: 'view' },
	query: orderListQuery,
	response: page(orderView)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/service-orders',
	summary: 'Issue a service order to a technician',
	description:
		'Due time = the priority’s resolution SLA counted in the branch’s working hours and holidays. ' +
		'The request moves to awaiting_cost and the technician is notified (`service_order.issued`). ' +
		idempotency,
	tags,
	permission: { area: 'orders', level: 'edit' },
	body: issueOrderSchema,
	response: orderOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/service-orders/{id}',
	summary: 'Reassign an open order to another technician',
	description:
		'The order becomes `reassigned` and a new order (based on it) carries the work on; the answer is ' +
		'the new order. `version` is the order’s. ' +
		idempotency,
	tags,
	permission: { area: 'orders', level: 'edit' },
	body: reassignOrderSchema,
	response: orderOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/work-logs',
	summary: 'List work logs (status, branch, technician, request, Jalali date range)',
	tags,
	permission: { area: 'worklogs', level: 'view' },
	query: workLogListQuery,
	response: page(
		workLogOut.extend({
			formNumber: z.string(),
			branchId: z.number(),
			technicianName: z.string(),
			review: qcReviewOut.nullable()
		})
	)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/work-logs',
	summary: 'Log work on an order and submit it to QC',
	description: 'Start and end, or a duration; parts with new and removed serials. ' + idempotency,
	tags,
	permission: { area: 'worklogs', level: 'edit' },
	body: workLogSchema,
	response: workLogOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/work-logs/{id}/qc',
	summary: 'Approve or reject a work log with a 0–100 score',
	description:
		'A rejection needs a reason and returns the request to the technician. ' + idempotency,
	tags,
	permission: { area: 'qc', level: 'edit' },
	body: qcReviewSchema,
	response: qcReviewOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/estimates',
	summary: 'Declare a cost estimate (lines) or no charge',
	tags,
	permission: { area: 'worklogs', level: 'edit' },
	body: estimateSchema,
	response: estimateOut,
	status: 201,
	conflict: true,
	description: idempotency
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/estimates/{id}/answer',
	summary: 'Record the customer’s approval or rejection of an estimate (once)',
	description: 'A second answer is 409 `already_answered`. ' + idempotency,
	tags,
	permission: { area: 'requests', level: 'edit' },
	body: estimateAnswerSchema,
	response: estimateOut,
	conflict: true
});
