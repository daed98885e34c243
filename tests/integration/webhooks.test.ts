// The integration outlet: signed deliveries to a loopback receiver, retries with backoff after the
// receiver was down, manual redelivery, and endpoints hearing only what happens after they exist.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDefaultChart } from '#lib/server/billing/accounts';
import { getDb } from '#lib/server/db';
import { jobs, webhookDeliveries } from '#lib/server/db/schema';
import { runNextJob } from '#lib/server/jobs/runner';
import { createDocument, postDocument } from '#lib/server/stock/documents';
import { ensureBranchWarehouses } from '#lib/server/stock/warehouses';
import {
	fanOutOnce,
	redeliver,
	runWebhookDeliveryJob,
	WEBHOOK_DELIVERY_JOB
} from '#lib/server/webhooks/deliveries';
import { createEndpoint, listEndpoints } from '#lib/server/webhooks/endpoints';
import { verifyWebhookSignature } from '#lib/server/webhooks/signature';
import { buildWorld, type World } from './service-fixtures';

interface Received {
	headers: IncomingMessage['headers'];
	body: string;
}

let world: World;
let mainStore: number;
let server: Server;
let port = 0;
const received: Received[] = [];
const handlers = { [WEBHOOK_DELIVERY_JOB]: runWebhookDeliveryJob };

function listen(on = 0): Promise<void> {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			received.push({ headers: req.headers, body });
			res.writeHead(204).end();
		});
	});
	return new Promise((resolve) =>
		server.listen(on, '127.0.0.1', () => {
			port = (server.address() as AddressInfo).port;
			resolve();
		})
	);
}

function stop(): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

interface Body {
	id: string;
	type: string;
	aggregateId: string;
	payload: Record<string, unknown>;
}
const parse = (body: string) => JSON.parse(body) as Body;

async function runAll(): Promise<number> {
	let ran = 0;
	while (await runNextJob(handlers)) ran += 1;
	return ran;
}

async function postReceipt(quantity = 1) {
	const doc = await createDocument(world.actors.admin, {
		branchId: world.branchA.id,
		kind: 'receipt',
		moves: [
			{ warehouseId: mainStore, productId: world.thermostat.id, quantity, unitCostRials: 1_000_000 }
		]
	});
	await postDocument(world.actors.admin, doc.id);
	return doc;
}

beforeAll(async () => {
	world = await buildWorld();
	const db = await getDb();
	mainStore = await db.transaction(async (tx) => {
		await installDefaultChart(tx);
		return (await ensureBranchWarehouses(tx, world.branchA.id)).main.id;
	});
	await listen();
	// Events from before the outlet existed are never replayed.
	await postReceipt();
	await fanOutOnce();
});

afterAll(async () => {
	await stop();
});

describe('webhook outlet', () => {
	let secret = '';
	let endpointId = 0;

	it('delivers the events an endpoint subscribes to, signed so the receiver can verify them', async () => {
		const endpoint = await createEndpoint(world.actors.admin, {
			name: 'ERP accounting',
			url: `http://127.0.0.1:${port}/hooks`,
			eventTypes: ['stock_document.*', 'journal_entry.posted']
		});
		secret = endpoint.secret;
		endpointId = endpoint.id;
		expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
		const doc = await postReceipt(2);
		await fanOutOnce();
		expect(await runAll()).toBe(3);
		const types = received.map((r) => parse(r.body).type as string).sort();
		expect(types).toEqual([
			'journal_entry.posted',
			'stock_document.drafted',
			'stock_document.posted'
		]);
		for (const r of received) {
			const header = r.headers['x-khadamat-signature'] as string;
			expect(verifyWebhookSignature(secret, header, r.body)).toBe(true);
			expect(verifyWebhookSignature('whsec_wrong', header, r.body)).toBe(false);
			expect(r.headers['x-khadamat-event']).toBe(parse(r.body).type);
		}
		const posted = parse(
			received.find((r) => parse(r.body).type === 'stock_document.posted')!.body
		);
		expect(posted.aggregateId).toBe(String(doc.id));
		expect(posted.payload.kind).toBe('receipt');
		const [listed] = await listEndpoints(world.actors.admin);
		expect(listed).toMatchObject({ succeeded: 3, pending: 0, failed: 0 });
		expect(listed).not.toHaveProperty('secret');
	});

	it('retries with backoff after the receiver was down, and delivers once it is back', async () => {
		received.length = 0;
		const address = port;
		await stop();
		await postReceipt();
		await fanOutOnce();
		expect(await runAll()).toBe(3);
		const db = await getDb();
		const pending = await db
			.select()
			.from(webhookDeliveries)
			.where(
				and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending'))
			);
		expect(pending).toHaveLength(3);
		for (const d of pending) {
			expect(d.attempts).toBe(1);
			expect(d.lastStatusCode).toBeNull();
			expect(d.lastError).toBeTruthy();
			expect(d.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);
		}
		// Waiting out the backoff: nothing is due yet.
		expect(await runAll()).toBe(0);
		await listen(address);
		// Fast-forward the clock the queue waits on.
		await db
			.update(jobs)
			.set({ runAfter: sql`now() - interval '1 second'` })
			.where(and(eq(jobs.kind, WEBHOOK_DELIVERY_JOB), eq(jobs.status, 'queued')));
		expect(await runAll()).toBe(3);
		expect(received).toHaveLength(3);
		for (const r of received)
			expect(
				verifyWebhookSignature(secret, r.headers['x-khadamat-signature'] as string, r.body)
			).toBe(true);
		const after = await db
			.select()
			.from(webhookDeliveries)
			.where(eq(webhookDeliveries.endpointId, endpointId));
		expect(after.every((d) => d.status === 'succeeded')).toBe(true);
		expect(after.filter((d) => d.attempts === 2)).toHaveLength(3);
	});

	it('redelivers on demand with the same delivery id', async () => {
		received.length = 0;
		const db = await getDb();
		const [first] = await db
			.select()
			.from(webhookDeliveries)
			.where(eq(webhookDeliveries.endpointId, endpointId))
			.limit(1);
		await redeliver(world.actors.admin, first!.id);
		expect(await runAll()).toBe(1);
		expect(received).toHaveLength(1);
		expect(received[0]!.headers['x-khadamat-delivery']).toBe(String(first!.id));
		expect(parse(received[0]!.body).id).toBe(String(first!.eventId));
	});

	it('refuses endpoint management to non-administrators and bad addresses', async () => {
		await expect(
			createEndpoint(world.actors.reception, { name: 'x', url: 'https://example.ir' })
		).rejects.toMatchObject({ status: 403 });
		await expect(
			createEndpoint(world.actors.admin, { name: 'x', url: 'ftp://example.ir' })
		).rejects.toMatchObject({ status: 422 });
	});
});
