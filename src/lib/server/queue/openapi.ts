/**
 * OpenAPI descriptions of reception counters (queue tickets), the agents' portal and tracking
 * notifications.
 */
import { z } from 'zod';
import { QUEUE_PURPOSES, QUEUE_STATUSES } from '#lib/domain/queue';
import { registerEndpoint } from '../http/openapi';
import { followRuleSchema, notificationQuery } from '../follow/follow';
import { monthQuery, portalCustomerQuery, portalOrderQuery } from '../portal/portal';
import { customerCreateSchema } from '../crm/customers';
import { callNextSchema, issueTicketSchema, ticketActionSchema } from './tickets';

const view = { area: 'requests', level: 'view' } as const;
const edit = { area: 'requests', level: 'edit' } as const;
const timestamp = z.iso.datetime();
const staffOnly = 'Staff only: agency users get 403. A branch-scoped user acts in their branch.';
const agencyOnly =
	'Agency users only (staff get 403); everything is limited to the caller’s own agency.';

const ticketOut = z
	.object({
		id: z.number(),
		branchId: z.number(),
		code: z.string().describe('Purpose letter and number, e.g. `A012`'),
		number: z.number(),
		purpose: z.enum(QUEUE_PURPOSES),
		status: z.enum(QUEUE_STATUSES),
		source: z.enum(['kiosk', 'staff', 'api']),
		counterId: z.number().nullable(),
		counterName: z.string().nullable(),
		recalls: z.number(),
		createdAt: timestamp,
		calledAt: timestamp.nullable(),
		servingAt: timestamp.nullable(),
		finishedAt: timestamp.nullable(),
		version: z.number()
	})
	.meta({ id: 'QueueTicket' });

registerEndpoint({
	method: 'get',
	path: '/api/v1/queue/tickets',
	summary: "Today's queue of a branch: counters with their ticket, waiting tickets, counts",
	description: `${staffOnly} Unscoped staff pass \`branch\`.`,
	tags: ['Counters'],
	permission: view,
	query: z.object({ branch: z.string().optional() }),
	response: z.object({
		branchId: z.number(),
		day: z.string(),
		counters: z.array(
			z.object({ id: z.number(), code: z.string(), name: z.string(), ticket: ticketOut.nullable() })
		),
		waiting: z.array(ticketOut),
		waitingByPurpose: z.record(z.string(), z.number()),
		doneToday: z.number(),
		noShowToday: z.number()
	})
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/queue/tickets',
	summary: 'Take a queue ticket (numbers restart daily per branch, gapless)',
	description: staffOnly,
	tags: ['Counters'],
	permission: edit,
	body: issueTicketSchema,
	response: ticketOut,
	status: 201
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/counters/{id}/call-next',
	summary: 'Call the oldest waiting ticket (of the given purposes) to a counter',
	description: `${staffOnly} 409 \`counter_busy\` while the counter still has a ticket; \`ticket: null\` when nobody waits.`,
	tags: ['Counters'],
	permission: edit,
	body: callNextSchema,
	response: z.object({ ticket: ticketOut.nullable() }),
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/queue/tickets/{id}/actions',
	summary: 'Recall, start serving, finish or mark a no-show',
	description: `${staffOnly} 409 \`ticket_state\` when the ticket's status does not allow the action.`,
	tags: ['Counters'],
	permission: edit,
	body: ticketActionSchema,
	response: ticketOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/queue/counter-times',
	summary: 'Waited (taken → called) and served (called → done) seconds per counter',
	description: 'Average, median and 90th percentile; tickets taken in [from, to).',
	tags: ['Counters'],
	permission: { area: 'reports', level: 'view' },
	query: z.object({
		branch: z.string().optional(),
		counter: z.string().optional(),
		purpose: z.enum(QUEUE_PURPOSES).optional(),
		from: z.string().optional(),
		to: z.string().optional()
	}),
	response: z.array(
		z.object({
			counterId: z.number(),
			branchId: z.number(),
			counterCode: z.string(),
			counterName: z.string(),
			called: z.number(),
			served: z.number(),
			noShows: z.number(),
			waitedAvgSeconds: z.number().nullable(),
			waitedMedianSeconds: z.number().nullable(),
			waitedP90Seconds: z.number().nullable(),
			servedAvgSeconds: z.number().nullable(),
			servedMedianSeconds: z.number().nullable(),
			servedP90Seconds: z.number().nullable()
		})
	)
});

const loose = z.record(z.string(), z.unknown());
for (const [path, summary, query] of [
	[
		'/api/v1/portal/dashboard',
		'The agency’s figures: requests by status, lists, customers',
		undefined
	],
	[
		'/api/v1/portal/lists',
		'The agency’s bulk lists (send new ones with POST /api/v1/service-requests/bulk)',
		undefined
	],
	[
		'/api/v1/portal/lists/{id}',
		'One of the agency’s lists with its requests (the dispatch list)',
		undefined
	],
	['/api/v1/portal/orders', 'Service orders issued for the agency’s units', portalOrderQuery],
	['/api/v1/portal/customers', 'The agency’s customers', portalCustomerQuery],
	[
		'/api/v1/portal/scrap',
		'Scrap receipts of the agency’s units in a Jalali month (`month=1405/09`)',
		monthQuery
	],
	['/api/v1/portal/invoices', 'Invoices of the agency’s units in a Jalali month', monthQuery]
] as const) {
	registerEndpoint({
		method: 'get',
		path,
		summary,
		description: agencyOnly,
		tags: ['Agency portal'],
		permission: view,
		...(query ? { query } : {}),
		response: z.union([loose, z.array(loose)])
	});
}
registerEndpoint({
	method: 'post',
	path: '/api/v1/portal/customers',
	summary: 'Register a customer for the agency (a mobile on file is linked, not revealed)',
	description: agencyOnly,
	tags: ['Agency portal'],
	permission: edit,
	body: customerCreateSchema,
	response: z.object({
		customer: z.object({ id: z.number(), name: z.string(), mobile: z.string() }),
		existed: z.boolean()
	}),
	status: 201
});

registerEndpoint({
	method: 'get',
	path: '/api/v1/notifications',
	summary: 'The caller’s tracking-group notifications, newest first',
	description: `Staff only. Groups follow requests by rule: ${Object.keys(followRuleSchema.shape).join(', ')}.`,
	tags: ['Notifications'],
	permission: view,
	query: notificationQuery,
	response: loose
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/notifications/read',
	summary: 'Mark the caller’s notifications read (`ids: "all"` or a list)',
	tags: ['Notifications'],
	permission: view,
	body: z.object({ ids: z.union([z.literal('all'), z.array(z.number())]) }),
	response: z.object({ marked: z.number() })
});
