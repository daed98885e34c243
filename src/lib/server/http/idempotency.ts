/**
 * `Idempotency-Key` for mutating API calls: a client that retries a POST/PATCH (a timeout, a
 * flaky mobile network) with the same key gets the first call's answer instead of a second
 * request, order or answer. The same key with a different body is a 422. Keys are per user and
 * kept for 24 hours; only successful answers are stored, since a failed call changed nothing
 * and may simply be retried.
 *
 * Usage: `export const POST = idempotent(apiRoute({ … }, handler));`
 */
import { createHash } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { getDb } from '../db';
import { idempotencyKeys } from '../db/schema';
import { apiLocale, errorResponse } from './api';
import { AppError } from './errors';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const KEEP_MS = 24 * 3_600_000;
// A first call still "running" after this long died with its process; its key is free again.
const ABANDONED_MS = 5 * 60_000;

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` count as the same body. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Fingerprint of a call: method, path and body (JSON compared by content, not by spelling). */
export function requestFingerprint(endpoint: string, body: string): string {
	let canonical = body.trim();
	try {
		canonical = canonical ? canonicalJson(JSON.parse(canonical)) : '';
	} catch {
		// not JSON: compare the bytes as sent
	}
	return createHash('sha256').update(`${endpoint}\n${canonical}`).digest('hex');
}

type Claim =
	| { kind: 'new' }
	| { kind: 'replay'; status: number; body: string }
	| { kind: 'mismatch' }
	| { kind: 'in_progress' };

async function claim(
	actorId: number,
	key: string,
	endpoint: string,
	requestHash: string
): Promise<Claim> {
	const db = await getDb();
	const now = Date.now();
	await db
		.delete(idempotencyKeys)
		.where(
			and(
				eq(idempotencyKeys.actorId, actorId),
				eq(idempotencyKeys.key, key),
				or(
					lt(idempotencyKeys.createdAt, new Date(now - KEEP_MS)),
					and(
						isNull(idempotencyKeys.responseStatus),
						lt(idempotencyKeys.createdAt, new Date(now - ABANDONED_MS))
					)
				)
			)
		);
	const [inserted] = await db
		.insert(idempotencyKeys)
		.values({ actorId, key, endpoint, requestHash })
		.onConflictDoNothing()
		.returning({ key: idempotencyKeys.key });
	if (inserted) return { kind: 'new' };
	const [existing] = await db
		.select()
		.from(idempotencyKeys)
		.where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
	if (!existing) return claim(actorId, key, endpoint, requestHash);
	if (existing.endpoint !== endpoint || existing.requestHash !== requestHash)
		return { kind: 'mismatch' };
	if (existing.responseStatus === null) return { kind: 'in_progress' };
	return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody ?? '' };
}

async function release(actorId: number, key: string): Promise<void> {
	const db = await getDb();
	await db
		.delete(idempotencyKeys)
		.where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
}

async function store(actorId: number, key: string, response: Response): Promise<void> {
	const db = await getDb();
	await db
		.update(idempotencyKeys)
		.set({ responseStatus: response.status, responseBody: await response.clone().text() })
		.where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
}

/** Wraps a route handler so mutating calls honour the `Idempotency-Key` header. */
export function idempotent(handler: (event: RequestEvent) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		const key = event.request.headers.get('idempotency-key');
		const actor = event.locals.actor;
		// Without a key, or without a bearer token (the route refuses those writes anyway), there
		// is nothing to remember.
		if (key === null || !MUTATING.has(event.request.method) || !actor || actor.via !== 'bearer')
			return handler(event);
		const locale = apiLocale(event);
		if (!KEY_PATTERN.test(key)) {
			return errorResponse(
				new AppError(
					422,
					'idempotency_key_invalid',
					'service.error.idempotencyKeyInvalid',
					undefined,
					{
						'Idempotency-Key': { key: 'service.error.idempotencyKeyInvalid' }
					}
				),
				locale
			);
		}
		const endpoint = `${event.request.method} ${event.url.pathname}`;
		const requestHash = requestFingerprint(endpoint, await event.request.clone().text());
		const claimed = await claim(actor.user.id, key, endpoint, requestHash);
		if (claimed.kind === 'mismatch') {
			return errorResponse(
				new AppError(422, 'idempotency_key_reused', 'service.error.idempotencyKeyReused'),
				locale
			);
		}
		if (claimed.kind === 'in_progress') {
			return errorResponse(
				new AppError(409, 'idempotency_in_progress', 'service.error.idempotencyInProgress'),
				locale
			);
		}
		if (claimed.kind === 'replay') {
			return new Response(claimed.body, {
				status: claimed.status,
				headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' }
			});
		}
		let response: Response;
		try {
			response = await handler(event);
		} catch (error) {
			await release(actor.user.id, key);
			throw error;
		}
		if (response.status >= 200 && response.status < 300) await store(actor.user.id, key, response);
		else await release(actor.user.id, key);
		return response;
	};
}
