// The agents' portal: every page function and API endpoint shows an agency its own requests,
// lists, orders, customers, scrap and invoices, and nothing of another agency's.
import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { jalaliYearOf, toJalali } from '#lib/domain/jalali';
import { loadGrants, type Actor } from '#lib/server/auth/access';
import { getDb, schema } from '#lib/server/db';
import {
	createAgencyCustomer,
	getAgencyCustomer,
	getPortalDashboard,
	listAgencyCustomers,
	listAgencyInvoices,
	listPortalLists,
	listPortalOrders
} from '#lib/server/portal/portal';
import { receiveBulkList } from '#lib/server/service/bulk';
import { issueOrder } from '#lib/server/service/orders';
import { listRequests } from '#lib/server/service/queries';
import { receiveRequest } from '#lib/server/service/reception';
import { getRequestListView } from '#lib/server/service/ui-queries';
import * as requestRoute from '../../src/routes/api/v1/service-requests/[id]/+server';
import * as requestsRoute from '../../src/routes/api/v1/service-requests/+server';
import * as bulkRoute from '../../src/routes/api/v1/service-requests/bulk/+server';
import * as customersRoute from '../../src/routes/api/v1/customers/+server';
import * as customerRoute from '../../src/routes/api/v1/customers/[id]/+server';
import * as portalDashboardRoute from '../../src/routes/api/v1/portal/dashboard/+server';
import * as portalListRoute from '../../src/routes/api/v1/portal/lists/[id]/+server';
import * as portalListsRoute from '../../src/routes/api/v1/portal/lists/+server';
import * as portalOrdersRoute from '../../src/routes/api/v1/portal/orders/+server';
import * as portalCustomersRoute from '../../src/routes/api/v1/portal/customers/+server';
import * as portalInvoicesRoute from '../../src/routes/api/v1/portal/invoices/+server';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let agentB: Actor;
let agencyB: typeof schema.agencies.$inferSelect;
let listA: { id: number; requestIds: number[] };
let listB: { id: number; requestIds: number[] };
let customerA: { id: number };

type Handler = (event: RequestEvent) => Promise<Response>;

async function call(
	handler: Handler,
	actor: Actor,
	options: { method?: string; params?: Record<string, string>; body?: unknown; query?: string } = {}
) {
	const url = new URL(`http://desk.test/api/v1/x${options.query ?? ''}`);
	const request = new Request(url, {
		method: options.method ?? 'GET',
		headers: { 'content-type': 'application/json', 'accept-language': 'en' },
		body: options.body === undefined ? undefined : JSON.stringify(options.body)
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
		body: (text ? JSON.parse(text) : {}) as Record<string, unknown>
	};
}

async function sendList(actor: Actor, count: number) {
	const lines = [];
	for (let i = 0; i < count; i += 1) {
		const { warranty } = await world.newWarrantedUnit();
		lines.push({ serial: warranty.serial });
	}
	const { list, requests } = await receiveBulkList(actor, {
		lines,
		complaint: 'خاموش می‌شود',
		delivererName: 'پیک نمایندگی'
	});
	return { id: list.id, requestIds: requests.map((r) => r.id) };
}

beforeAll(async () => {
	world = await buildWorld();
	const db = await getDb();
	[agencyB] = await db
		.insert(schema.agencies)
		.values({ code: `AGB${Date.now()}`, name: 'نمایندگی دیگر', branchId: world.branchA.id })
		.returning();
	const [user] = await db
		.insert(schema.users)
		.values({
			username: `agentb${Date.now()}`,
			displayName: 'نمایندهٔ دیگر',
			branchId: world.branchA.id,
			agencyId: agencyB!.id
		})
		.returning();
	const [role] = await db.select().from(schema.roles).where(eq(schema.roles.key, 'agent'));
	await db.insert(schema.userRoles).values({ userId: user!.id, roleId: role!.id });
	agentB = { user: user!, grants: await loadGrants(user!.id), sessionId: 'b', via: 'bearer' };
	listA = await sendList(world.actors.agent, 2);
	listB = await sendList(agentB, 1);
	const created = await createAgencyCustomer(world.actors.agent, {
		name: 'نگار صالحی',
		mobile: '09351112233',
		address: 'شیراز، خیابان زند'
	});
	customerA = created.customer;
});

describe('portal pages (service functions)', () => {
	it('shows each agency its own lists, requests and dashboard only', async () => {
		const a = await listPortalLists(world.actors.agent);
		const b = await listPortalLists(agentB);
		expect(a.map((l) => l.id)).toEqual([listA.id]);
		expect(b.map((l) => l.id)).toEqual([listB.id]);
		expect(a[0]).toMatchObject({ requests: 2, open: 2 });
		await expect(getRequestListView(agentB, listA.id)).rejects.toMatchObject({ status: 404 });
		const requestsB = await listRequests(agentB, { limit: '100' });
		expect(requestsB.items.map((r) => r.id)).toEqual(listB.requestIds);
		const dashboard = await getPortalDashboard(world.actors.agent);
		expect(dashboard.open).toBe(2);
		expect(dashboard.agency.id).toBe(world.agency.id);
		// Staff have their own pages; the portal refuses them.
		await expect(getPortalDashboard(world.actors.reception)).rejects.toMatchObject({ status: 403 });
	});

	it('lists the orders issued for the agency’s units only', async () => {
		await issueOrder(world.actors.dispatcher, {
			requestId: listA.requestIds[0]!,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id
		});
		expect((await listPortalOrders(world.actors.agent)).items.map((o) => o.requestId)).toEqual([
			listA.requestIds[0]
		]);
		expect((await listPortalOrders(agentB)).items).toEqual([]);
	});

	it('keeps customers to the agency that registered them or sent their units', async () => {
		const a = await listAgencyCustomers(world.actors.agent, { q: '0935 111 2233' });
		expect(a.items.map((c) => c.id)).toEqual([customerA.id]);
		expect((await listAgencyCustomers(agentB, { q: 'صالحی' })).items).toEqual([]);
		await expect(getAgencyCustomer(agentB, customerA.id)).rejects.toMatchObject({ status: 404 });
		// The world's own customer owns the warranties both agencies sent in, so both see them.
		expect((await listAgencyCustomers(agentB, {})).items.map((c) => c.id)).toContain(
			world.customer.id
		);
		// Registering a mobile another agency already has links it, without revealing their record.
		const linked = await createAgencyCustomer(agentB, {
			name: 'خانم صالحی',
			mobile: '+989351112233'
		});
		expect(linked).toMatchObject({
			existed: true,
			customer: { id: customerA.id, name: 'خانم صالحی' }
		});
		expect((await getAgencyCustomer(agentB, customerA.id)).id).toBe(customerA.id);
	});

	it('shows the month’s invoices of the agency’s units only', async () => {
		const db = await getDb();
		const now = new Date();
		const [invoice] = await db
			.insert(schema.invoices)
			.values({
				branchId: world.branchA.id,
				jalaliYear: jalaliYearOf(now),
				seq: 900_000 + (Date.now() % 1000),
				number: `INV-T-${Date.now()}`,
				requestId: listA.requestIds[1]!,
				customerId: world.customer.id,
				subtotalRials: 1_000_000n,
				vatRials: 100_000n,
				totalRials: 1_100_000n
			})
			.returning();
		const a = await listAgencyInvoices(world.actors.agent, {}, now);
		expect(a.invoices.map((i) => i.id)).toEqual([invoice!.id]);
		expect(a.totalRials).toBe('1100000');
		expect([a.invoices[0]!.creditedRials, a.creditedRials]).toEqual(['0', '0']);
		expect((await listAgencyInvoices(agentB, {}, now)).invoices).toEqual([]);
		const j = toJalali(now);
		const lastMonth = j.jm === 1 ? `${j.jy - 1}/12` : `${j.jy}/${j.jm - 1}`;
		expect(
			(await listAgencyInvoices(world.actors.agent, { month: lastMonth }, now)).invoices
		).toEqual([]);
	});
});

describe('portal and service API isolation', () => {
	it('answers 404 for another agency’s request, list and customer', async () => {
		const foreign = String(listA.requestIds[0]);
		expect((await call(requestRoute.GET, agentB, { params: { id: foreign } })).status).toBe(404);
		expect(
			(await call(requestRoute.GET, world.actors.agent, { params: { id: foreign } })).status
		).toBe(200);
		expect(
			(await call(portalListRoute.GET, agentB, { params: { id: String(listA.id) } })).status
		).toBe(404);
		const db = await getDb();
		const [other] = await db
			.insert(schema.customers)
			.values({ name: 'مشتری دیگر', nameNorm: 'مشتری دیگر', mobile: '+989127776655' })
			.returning();
		expect(
			(await call(customerRoute.GET, agentB, { params: { id: String(other!.id) } })).status
		).toBe(404);
		const patch = await call(customerRoute.PATCH, agentB, {
			method: 'PATCH',
			params: { id: String(customerA.id) },
			body: { name: 'x' }
		});
		expect(patch.status).toBe(404);
	});

	it('lists only the agency’s own things through the API', async () => {
		const lists = await call(portalListsRoute.GET, agentB);
		expect((lists.body as unknown as { id: number }[]).map((l) => l.id)).toEqual([listB.id]);
		const orders = await call(portalOrdersRoute.GET, agentB);
		expect(orders.body.items).toEqual([]);
		const requests = await call(requestsRoute.GET, agentB, { query: '?limit=100' });
		expect((requests.body.items as { id: number }[]).map((r) => r.id).sort()).toEqual(
			[...listB.requestIds].sort()
		);
		const customers = await call(customersRoute.GET, world.actors.agent, { query: '?limit=100' });
		const ids = (customers.body.items as { id: number }[]).map((c) => c.id);
		expect(ids).toContain(customerA.id);
		const all = await (await getDb()).select({ id: schema.customers.id }).from(schema.customers);
		// Customers of no agency (registered at a counter) stay out of the agency's list.
		expect(all.length).toBeGreaterThan(ids.length);
		const invoices = await call(portalInvoicesRoute.GET, agentB);
		expect(invoices.body.invoices).toEqual([]);
		expect(
			(
				await call(portalCustomersRoute.GET, agentB, {
					query: '?q=' + encodeURIComponent('مشتری دیگر')
				})
			).body.items
		).toEqual([]);
		// Staff tokens do not open the portal API.
		expect((await call(portalDashboardRoute.GET, world.actors.reception)).status).toBe(403);
	});

	it('refuses to attach another agency’s customer by id, and sends lists for the caller’s agency', async () => {
		const db = await getDb();
		const [stranger] = await db
			.insert(schema.customers)
			.values({ name: 'غریبه', nameNorm: 'غریبه', mobile: '+989129998877' })
			.returning();
		const { warranty } = await world.newWarrantedUnit();
		const refused = await call(requestsRoute.POST, agentB, {
			method: 'POST',
			body: {
				by: 'warranty_serial',
				key: warranty.serial,
				customerId: stranger!.id,
				complaint: 'x'
			}
		});
		expect(refused.status).toBe(422);
		// An agency id in the body is ignored: the list belongs to the caller's agency.
		const { warranty: w2 } = await world.newWarrantedUnit();
		const sent = await call(bulkRoute.POST, agentB, {
			method: 'POST',
			body: { agencyId: world.agency.id, lines: [{ serial: w2.serial }], complaint: 'صدا می‌دهد' }
		});
		expect(sent.status).toBe(201);
		const listId = (sent.body.list as { id: number }).id;
		const [row] = await db
			.select()
			.from(schema.requestLists)
			.where(eq(schema.requestLists.id, listId));
		expect(row!.agencyId).toBe(agencyB.id);
		// The single-request API works for agents too, for their agency.
		const { warranty: w3 } = await world.newWarrantedUnit();
		const single = await receiveRequest(agentB, {
			by: 'warranty_serial',
			key: w3.serial,
			complaint: 'روشن نمی‌شود'
		});
		expect(single.agencyId).toBe(agencyB.id);
	});
});
