/** OpenAPI description of the webhook outlet's management routes. */
import { z } from 'zod';
import { registerEndpoint } from '#lib/server/http/openapi';
import { WEBHOOK_DELIVERY_STATUSES } from '#lib/server/db/schema';

const at = z.iso.datetime();
const tags = ['Webhooks'];
const description =
	'Every domain event an endpoint subscribes to is POSTed as JSON ({id, deliveryId, type, aggregateType, aggregateId, branchId, occurredAt, payload}) with headers X-Khadamat-Event, X-Khadamat-Delivery and X-Khadamat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>. Any 2xx accepts it; anything else is retried with exponential backoff (30 s doubling, at most 6 h, 8 attempts). Delivery is at least once: dedupe on deliveryId.';

const endpointIn = z
	.object({
		name: z.string().min(1).max(100),
		url: z.url(),
		eventTypes: z
			.array(z.string())
			.optional()
			.describe('Exact types or families such as "invoice.*"; empty = every event'),
		active: z.boolean().optional()
	})
	.meta({ id: 'WebhookEndpointInput' });
const endpointOut = z
	.object({
		id: z.number(),
		name: z.string(),
		url: z.string(),
		eventTypes: z.array(z.string()),
		active: z.boolean(),
		secretHint: z.string(),
		secret: z.string().optional().describe('Only when created or when the secret is rotated'),
		pending: z.number(),
		failed: z.number(),
		succeeded: z.number(),
		lastDeliveryAt: at.nullable(),
		createdAt: at
	})
	.meta({ id: 'WebhookEndpoint' });
const deliveryOut = z
	.object({
		id: z.number(),
		endpointId: z.number(),
		eventId: z.number(),
		eventType: z.string(),
		status: z.enum(WEBHOOK_DELIVERY_STATUSES),
		attempts: z.number(),
		lastStatusCode: z.number().nullable(),
		lastError: z.string().nullable(),
		lastAttemptAt: at.nullable(),
		nextAttemptAt: at.nullable(),
		deliveredAt: at.nullable()
	})
	.meta({ id: 'WebhookDelivery' });

const admin = { area: 'admin', level: 'view' } as const;
const manage = { area: 'admin', level: 'manage' } as const;

registerEndpoint({
	method: 'get',
	path: '/api/v1/webhooks',
	summary: 'Webhook endpoints with delivery counts',
	description,
	tags,
	permission: admin,
	response: z.array(endpointOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/webhooks',
	summary: 'Add a webhook endpoint (the answer carries its signing secret)',
	description,
	tags,
	permission: manage,
	body: endpointIn,
	response: endpointOut,
	status: 201
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/webhooks/{id}',
	summary: 'One webhook endpoint',
	tags,
	permission: admin,
	response: endpointOut
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/webhooks/{id}',
	summary: 'Change an endpoint (?rotateSecret=true issues a new secret)',
	tags,
	permission: manage,
	body: endpointIn,
	response: endpointOut
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/webhooks/{id}',
	summary: 'Delete an endpoint and its delivery log',
	tags,
	permission: manage
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/webhooks/{id}/deliveries',
	summary: "An endpoint's delivery log, newest first (keyset: ?before=<id>)",
	tags,
	permission: admin,
	query: z.object({
		before: z.number().int().optional(),
		limit: z.number().int().optional(),
		status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional()
	}),
	response: z.array(deliveryOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/webhook-deliveries/{id}/redeliver',
	summary: 'Send a delivery again now',
	tags,
	permission: manage,
	response: deliveryOut,
	status: 202
});
