import type { RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '#lib/server/auth/access';
import * as requestsRoute from '../../src/routes/api/v1/service-requests/+server';
import * as transitionsRoute from '../../src/routes/api/v1/service-requests/[id]/transitions/+server';
import * as historyRoute from '../../src/routes/api/v1/service-requests/[id]/history/+server';
import * as ordersRoute from '../../src/routes/api/v1/service-orders/+server';
import * as estimatesRoute from '../../src/routes/api/v1/estimates/+server';
import * as answerRoute from '../../src/routes/api/v1/estimates/[id]/answer/+server';
import { buildWorld, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

type Handler = (event: RequestEvent) => Promise<Response>;

/** The parts of API answers these tests read. */
interface Body {
	id: number;
	formNumber: string;
	version: number;
	status: string;
	totalRials: string;
	items: { id: number; action: string }[];
	error: {
		code: string;
		fields?: Record<string, string>;
		changedBy?: { id: number };
		allowed?: string[];
	};
}

/** Calls a route handler as SvelteKit would, for a bearer-token caller. */
async function call(
	handler: Handler,
	actor: Actor | null,
	options: {
		method?: string;
		path?: string;
		params?: Record<string, string>;
		body?: unknown;
		headers?: Record<string, string>;
	} = {}
) {
	const url = new URL(`http://desk.test${options.path ?? '/api/v1/x'}`);
	const request = new Request(url, {
		method: options.method ?? 'GET',
		headers: { 'content-type': 'application/json', 'accept-language': 'en', ...options.headers },
		body:
			options.body === undefined
				? undefined
				: typeof options.body === 'string'
					? options.body
					: JSON.stringify(options.body)
	});
	const event = {
		request,
		url,
		params: options.params ?? {},
		locals: { actor, locale: 'en' },
		getClientAddress: () => '127.0.0.1'
	} as unknown as RequestEvent;
	const response = await handler(event);
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: (text ? JSON.parse(text) : {}) as Body
	};
}

describe('service-request API', () => {
	it('creates a request once per Idempotency-Key, and refuses the key with another body', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const body = {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'یخچال برفک می‌زند',
			delivererName: 'سارا'
		};
		const headers = { 'idempotency-key': `create-${warranty.id}` };
		const path = '/api/v1/service-requests';
		const first = await call(requestsRoute.POST, world.actors.reception, {
			method: 'POST',
			path,
			body,
			headers
		});
		expect(first.status).toBe(201);
		expect(first.body.formNumber).toMatch(/-\d{6}$/);
		const reordered = Object.fromEntries(Object.entries(body).reverse());
		const again = await call(requestsRoute.POST, world.actors.reception, {
			method: 'POST',
			path,
			body: reordered,
			headers
		});
		expect(again.status).toBe(201);
		expect(again.body.id).toBe(first.body.id);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		const list = await call(requestsRoute.GET, world.actors.reception, {
			path: `${path}?q=${encodeURIComponent(first.body.formNumber)}`
		});
		expect(list.body.items).toHaveLength(1);
		// Date filters typed as Jalali days in Persian digits reach the service as typed.
		const dated = await call(requestsRoute.GET, world.actors.reception, {
			path: `${path}?from=${encodeURIComponent('۱۳۹۰/۰۱/۰۱')}&to=2100-01-01&q=${encodeURIComponent(first.body.formNumber)}`
		});
		expect(dated.status).toBe(200);
		expect(dated.body.items).toHaveLength(1);
		const badDate = await call(requestsRoute.GET, world.actors.reception, {
			path: `${path}?from=not-a-day`
		});
		expect(badDate.status).toBe(422);

		const changed = await call(requestsRoute.POST, world.actors.reception, {
			method: 'POST',
			path,
			body: { ...body, complaint: 'صدای زیاد' },
			headers
		});
		expect(changed.status).toBe(422);
		expect(changed.body.error.code).toBe('idempotency_key_reused');
		// The same key is another user's own: it does not collide.
		const other = await call(requestsRoute.POST, world.actors.supervisor, {
			method: 'POST',
			path,
			body: { ...body, branchId: world.branchA.id },
			headers
		});
		expect(other.status).toBe(201);
		expect(other.body.id).not.toBe(first.body.id);
	});

	it('answers 422 with field paths, 401 without a token and 403 without the permission', async () => {
		const path = '/api/v1/service-requests';
		const invalid = await call(requestsRoute.POST, world.actors.reception, {
			method: 'POST',
			path,
			body: { by: 'nonsense' }
		});
		expect(invalid.status).toBe(422);
		expect(invalid.body.error.fields).toHaveProperty('by');
		expect(invalid.body.error.fields).toHaveProperty('key');
		expect((await call(requestsRoute.GET, null, { path })).status).toBe(401);
		const forbidden = await call(ordersRoute.POST, world.actors.reception, {
			method: 'POST',
			path: '/api/v1/service-orders',
			body: {}
		});
		expect(forbidden.status).toBe(403);
	});

	it('moves a request through the API, with 409 for a stale version and for a forbidden move', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const created = await call(requestsRoute.POST, world.actors.reception, {
			method: 'POST',
			path: '/api/v1/service-requests',
			body: {
				by: 'warranty_serial',
				key: warranty.serial,
				complaint: 'لباسشویی آب را تخلیه نمی‌کند'
			}
		});
		const id = String(created.body.id);
		const order = await call(ordersRoute.POST, world.actors.dispatcher, {
			method: 'POST',
			path: '/api/v1/service-orders',
			body: {
				requestId: created.body.id,
				technicianId: world.actors.technician.user.id,
				priorityId: world.priority.id
			}
		});
		expect(order.status).toBe(201);

		const stale = await call(transitionsRoute.POST, world.actors.supervisor, {
			method: 'POST',
			path: `/api/v1/service-requests/${id}/transitions`,
			params: { id },
			body: { to: 'cancelled', reason: 'x', version: created.body.version }
		});
		expect(stale.status).toBe(409);
		expect(stale.body.error.code).toBe('stale');
		expect(stale.body.error.changedBy?.id).toBe(world.actors.dispatcher.user.id);

		const current = created.body.version + 1;
		const forbidden = await call(transitionsRoute.POST, world.actors.supervisor, {
			method: 'POST',
			path: `/api/v1/service-requests/${id}/transitions`,
			params: { id },
			body: { to: 'delivered', receivedByName: 'x', version: current }
		});
		expect(forbidden.status).toBe(409);
		expect(forbidden.body.error.code).toBe('transition_forbidden');
		expect(forbidden.body.error.allowed).toEqual(
			expect.arrayContaining(['no_cost_declared', 'replaced', 'cancelled'])
		);

		const estimate = await call(estimatesRoute.POST, world.actors.technician, {
			method: 'POST',
			path: '/api/v1/estimates',
			body: {
				requestId: created.body.id,
				lines: [
					{ kind: 'part', productId: world.compressor.id, quantity: 1 },
					// An explicit price, typed as people type it, goes through the API too.
					{ kind: 'labour', description: 'شارژ گاز', quantity: 1, unitPriceRials: '۱٬۰۰۰٬۰۰۵' }
				]
			}
		});
		expect(estimate.status).toBe(201);
		expect(estimate.body.totalRials).toBe('91000005');
		const answerPath = `/api/v1/estimates/${estimate.body.id}/answer`;
		const params = { id: String(estimate.body.id) };
		const approved = await call(answerRoute.POST, world.actors.reception, {
			method: 'POST',
			path: answerPath,
			params,
			body: { decision: 'approve' }
		});
		expect(approved.status).toBe(200);
		const twice = await call(answerRoute.POST, world.actors.reception, {
			method: 'POST',
			path: answerPath,
			params,
			body: { decision: 'reject' }
		});
		expect(twice.status).toBe(409);
		expect(twice.body.error.code).toBe('already_answered');

		const dedicated = await call(transitionsRoute.POST, world.actors.supervisor, {
			method: 'POST',
			path: `/api/v1/service-requests/${id}/transitions`,
			params: { id },
			body: { to: 'awaiting_repair', version: current + 2 }
		});
		expect(dedicated.status).toBe(200);
		expect(dedicated.body.status).toBe('awaiting_repair');

		const history = await call(historyRoute.GET, world.actors.reception, {
			path: `/api/v1/service-requests/${id}/history`,
			params: { id }
		});
		expect(history.body.items.map((e) => e.action)).toEqual(
			expect.arrayContaining(['created', 'issued', 'declared', 'answered', 'status_changed'])
		);
	});
});
