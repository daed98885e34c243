/** Webhook endpoints: the outside systems (ERP accounting, payroll) that receive domain events. */
import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb } from '../db';
import { webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from '../db/schema';
import { recordChange } from '../events/record';
import { AppError, parseOrThrow } from '../http/errors';

/** A fresh signing secret (256 bits, hex, prefixed so people can tell what it is). */
export function generateWebhookSecret(): string {
	return `whsec_${randomBytes(32).toString('hex')}`;
}

const eventTypes = z
	.union([z.array(z.string()), z.string()])
	.optional()
	.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
	.pipe(
		z.array(
			z
				.string()
				.trim()
				.regex(/^(\*|[a-z_]+(\.[a-z_]*\*?)?)$/, 'validation.invalid')
		)
	);

export const endpointSchema = z.object({
	name: z.string().trim().min(1).max(100),
	url: z
		.string()
		.trim()
		.max(2000)
		.refine((v) => {
			try {
				const u = new URL(v);
				return u.protocol === 'https:' || u.protocol === 'http:';
			} catch {
				return false;
			}
		}, 'validation.invalid'),
	eventTypes,
	active: z
		.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
		.optional()
		.transform((v) => v === undefined || v === true || v === 'on' || v === 'true')
});

export type EndpointView = Omit<WebhookEndpoint, 'secret'> & {
	/** Only the last characters, so a list never leaks the key. */
	secretHint: string;
	pending: number;
	failed: number;
	succeeded: number;
	lastDeliveryAt: Date | null;
};

function view(row: WebhookEndpoint, stats?: Partial<EndpointView>): EndpointView {
	const { secret, ...rest } = row;
	return {
		...rest,
		secretHint: `…${secret.slice(-4)}`,
		pending: stats?.pending ?? 0,
		failed: stats?.failed ?? 0,
		succeeded: stats?.succeeded ?? 0,
		lastDeliveryAt: stats?.lastDeliveryAt ?? null
	};
}

/** Endpoints with their delivery counts, newest first. */
export async function listEndpoints(actor: Actor): Promise<EndpointView[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const rows = await db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.id));
	const stats = await db
		.select({
			endpointId: webhookDeliveries.endpointId,
			pending: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'pending')::int`,
			failed: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'failed')::int`,
			succeeded: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'succeeded')::int`,
			lastDeliveryAt: sql<Date | null>`max(${webhookDeliveries.lastAttemptAt})`
		})
		.from(webhookDeliveries)
		.groupBy(webhookDeliveries.endpointId);
	return rows.map((r) => {
		const s = stats.find((x) => x.endpointId === r.id);
		return view(
			r,
			s ? { ...s, lastDeliveryAt: s.lastDeliveryAt && new Date(s.lastDeliveryAt) } : {}
		);
	});
}

/** One endpoint; with `withSecret` (managers only) the signing secret too. */
export async function getEndpoint(
	actor: Actor,
	id: number,
	withSecret = false
): Promise<EndpointView & { secret?: string }> {
	requirePermission(actor, 'admin', withSecret ? 'manage' : 'view');
	const db = await getDb();
	const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
	if (!row) throw new AppError(404, 'not_found', 'error.notFound');
	return { ...view(row), ...(withSecret ? { secret: row.secret } : {}) };
}

/** Adds an endpoint with a fresh secret; it receives events from now on. Returns it with the secret. */
export async function createEndpoint(actor: Actor, raw: unknown) {
	requirePermission(actor, 'admin', 'manage');
	const input = parseOrThrow(endpointSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(webhookEndpoints)
			.values({ ...input, secret: generateWebhookSecret(), createdBy: actor.user.id })
			.returning();
		await recordChange(tx, {
			entityType: 'webhook_endpoint',
			entityId: row!.id,
			action: 'created',
			type: 'webhook_endpoint.created',
			actorId: actor.user.id,
			changes: { name: input.name, url: input.url, eventTypes: input.eventTypes }
		});
		return { ...view(row!), secret: row!.secret };
	});
}

/** Changes an endpoint's name, address, events or active flag; `rotateSecret` issues a new key. */
export async function updateEndpoint(
	actor: Actor,
	id: number,
	raw: unknown,
	options: { rotateSecret?: boolean } = {}
) {
	requirePermission(actor, 'admin', 'manage');
	const input = parseOrThrow(endpointSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookEndpoints)
			.set({
				...input,
				...(options.rotateSecret ? { secret: generateWebhookSecret() } : {}),
				updatedAt: new Date()
			})
			.where(eq(webhookEndpoints.id, id))
			.returning();
		if (!row) throw new AppError(404, 'not_found', 'error.notFound');
		await recordChange(tx, {
			entityType: 'webhook_endpoint',
			entityId: id,
			action: 'updated',
			type: 'webhook_endpoint.updated',
			actorId: actor.user.id,
			changes: { ...input, secretRotated: Boolean(options.rotateSecret) }
		});
		return { ...view(row), secret: row.secret };
	});
}

/** Removes an endpoint and its delivery log. */
export async function deleteEndpoint(actor: Actor, id: number): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(webhookEndpoints)
			.where(eq(webhookEndpoints.id, id))
			.returning({ id: webhookEndpoints.id, name: webhookEndpoints.name });
		if (!row) throw new AppError(404, 'not_found', 'error.notFound');
		await recordChange(tx, {
			entityType: 'webhook_endpoint',
			entityId: id,
			action: 'deleted',
			type: 'webhook_endpoint.deleted',
			actorId: actor.user.id,
			changes: { name: row.name }
		});
	});
}
