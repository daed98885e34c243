/**
 * The agents' portal (/portal and /api/v1/portal): an agency's own dashboard, its requests and
 * bulk lists, the orders issued for its units, its customers, and its monthly scrap and
 * invoices. Every query is bound to the actor's agency here, on the server; nothing takes an
 * agency id from the caller.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fromJalali, toJalali } from '#lib/domain/jalali';
import { STATUSES, type StatusKey } from '#lib/domain/lifecycle';
import { normalizeDigits } from '#lib/domain/text';
import { requirePermission, type Actor } from '../auth/access';
import { getDb } from '../db';
import {
	agencies,
	agencyCustomers,
	customers,
	invoices,
	products,
	requestLists,
	serviceOrders,
	serviceRequests,
	services,
	stockDocuments,
	stockMoves,
	users,
	type Customer
} from '../db/schema';
import { AppError, forbidden, notFound, parseOrThrow } from '../http/errors';
import {
	customerCreateSchema,
	customerSearchCondition,
	findCustomerByMobile,
	insertCustomer
} from '../crm/customers';
import { decodeCursor, pageFields, toPage, type Page } from '../catalog/paging';
import { optional } from '../catalog/inputs';

/** The agency an actor works for; 403 for staff (the portal is the agencies' own door). */
export function requireAgency(actor: Actor): number {
	requirePermission(actor, 'requests', 'view');
	if (!actor.user.agencyId) throw forbidden();
	return actor.user.agencyId;
}

/** A Jalali month typed as `1405/09` (any digits), or the current one. */
export const monthQuery = z.object({
	month: optional(
		z
			.string()
			.transform((v) => normalizeDigits(v).trim())
			.pipe(z.string().regex(/^\d{4}[/-]\d{1,2}$/, 'validation.invalid'))
	)
});

/** The instants a Jalali month starts and ends (Tehran midnight), and its label. */
export function monthRange(month: string | undefined, now: Date = new Date()) {
	const today = toJalali(now);
	const [jy, jm] = month ? month.split(/[/-]/).map(Number) : [today.jy, today.jm];
	if (!jy || !jm || jm < 1 || jm > 12)
		throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
			month: { key: 'validation.invalid' }
		});
	const from = fromJalali(jy, jm, 1);
	const to = jm === 12 ? fromJalali(jy + 1, 1, 1) : fromJalali(jy, jm + 1, 1);
	return { from, to, label: `${jy}/${String(jm).padStart(2, '0')}`, jy, jm };
}

/** What the portal's first page shows. */
export interface PortalDashboard {
	agency: { id: number; code: string; name: string; branchId: number };
	counts: Record<StatusKey, number>;
	open: number;
	readyForDelivery: number;
	awaitingAnswer: number;
	customers: number;
	recentLists: PortalList[];
}

/** A bulk list as the portal lists it. */
export interface PortalList {
	id: number;
	listNumber: string;
	createdAt: Date;
	delivererName: string;
	requests: number;
	open: number;
}

/** The agency's figures: requests by status, lists, customers. */
export async function getPortalDashboard(actor: Actor): Promise<PortalDashboard> {
	const agencyId = requireAgency(actor);
	const db = await getDb();
	const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
	if (!agency) throw notFound();
	const rows = await db
		.select({ status: serviceRequests.status, n: count() })
		.from(serviceRequests)
		.where(eq(serviceRequests.agencyId, agencyId))
		.groupBy(serviceRequests.status);
	const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<StatusKey, number>;
	for (const r of rows) counts[r.status] = Number(r.n);
	const open = STATUSES.filter((s) => !['delivered', 'replaced', 'cancelled'].includes(s)).reduce(
		(sum, s) => sum + counts[s],
		0
	);
	const [{ n: customerCount } = { n: 0 }] = await db
		.select({ n: count() })
		.from(customers)
		.where(agencyCustomerCondition(agencyId));
	return {
		agency: { id: agency.id, code: agency.code, name: agency.name, branchId: agency.branchId },
		counts,
		open,
		readyForDelivery: counts.ready_for_delivery,
		awaitingAnswer: counts.awaiting_cost,
		customers: Number(customerCount),
		recentLists: await listPortalLists(actor, 5)
	};
}

/** The agency's bulk lists, newest first, with how many of their units are still open. */
export async function listPortalLists(actor: Actor, limit = 100): Promise<PortalList[]> {
	const agencyId = requireAgency(actor);
	const db = await getDb();
	const rows = await db
		.select({
			id: requestLists.id,
			listNumber: requestLists.listNumber,
			createdAt: requestLists.createdAt,
			delivererName: requestLists.delivererName,
			requests: sql<number>`count(${serviceRequests.id})::int`,
			open: sql<number>`count(${serviceRequests.id}) filter (where ${serviceRequests.status} not in ('delivered', 'replaced', 'cancelled'))::int`
		})
		.from(requestLists)
		.leftJoin(serviceRequests, eq(serviceRequests.listId, requestLists.id))
		.where(eq(requestLists.agencyId, agencyId))
		.groupBy(requestLists.id)
		.orderBy(desc(requestLists.id))
		.limit(limit);
	return rows.map((r) => ({ ...r, requests: Number(r.requests), open: Number(r.open) }));
}

/** An order issued for one of the agency's units. */
export interface PortalOrder {
	id: number;
	requestId: number;
	formNumber: string;
	requestStatus: StatusKey;
	status: string;
	technicianName: string;
	serviceFa: string | null;
	serviceEn: string | null;
	productFa: string;
	productEn: string;
	dueAt: Date;
	createdAt: Date;
	closedAt: Date | null;
}

/** Filters of the portal's order list. */
export const portalOrderQuery = z.object({
	status: optional(z.enum(['open', 'in_progress', 'done', 'reassigned', 'cancelled'])),
	...pageFields
});

/** Orders sent to technicians for the agency's units, newest first. */
export async function listPortalOrders(
	actor: Actor,
	raw: unknown = {}
): Promise<Page<PortalOrder>> {
	const agencyId = requireAgency(actor);
	const query = parseOrThrow(portalOrderQuery, raw);
	const db = await getDb();
	const after = decodeCursor(query.cursor, ['number']);
	const where: (SQL | undefined)[] = [eq(serviceRequests.agencyId, agencyId)];
	if (query.status) where.push(eq(serviceOrders.status, query.status));
	if (after) where.push(lt(serviceOrders.id, after[0] as number));
	const rows = await db
		.select({
			id: serviceOrders.id,
			requestId: serviceRequests.id,
			formNumber: serviceRequests.formNumber,
			requestStatus: serviceRequests.status,
			status: serviceOrders.status,
			technicianName: users.displayName,
			serviceFa: services.nameFa,
			serviceEn: services.nameEn,
			productFa: products.nameFa,
			productEn: products.nameEn,
			dueAt: serviceOrders.dueAt,
			createdAt: serviceOrders.createdAt,
			closedAt: serviceOrders.closedAt
		})
		.from(serviceOrders)
		.innerJoin(serviceRequests, eq(serviceRequests.id, serviceOrders.requestId))
		.innerJoin(users, eq(users.id, serviceOrders.technicianId))
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(services, eq(services.id, serviceOrders.serviceId))
		.where(and(...where))
		.orderBy(desc(serviceOrders.id))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.id]);
}

/** Customers of an agency: those it registered or found, and those on its requests. */
function agencyCustomerCondition(agencyId: number): SQL {
	return or(
		inArray(
			customers.id,
			sql`(select ${agencyCustomers.customerId} from ${agencyCustomers} where ${agencyCustomers.agencyId} = ${agencyId})`
		),
		inArray(
			customers.id,
			sql`(select ${serviceRequests.customerId} from ${serviceRequests} where ${serviceRequests.agencyId} = ${agencyId} and ${serviceRequests.customerId} is not null)`
		)
	)!;
}

/** Filters of the portal's customer list. */
export const portalCustomerQuery = z.object({ q: z.string().max(100).optional(), ...pageFields });

/** The agency's customers matching a mobile, national id or name; never anyone else's. */
export async function listAgencyCustomers(
	actor: Actor,
	raw: unknown = {}
): Promise<Page<Customer>> {
	const agencyId = requireAgency(actor);
	const query = parseOrThrow(portalCustomerQuery, raw);
	const db = await getDb();
	const after = decodeCursor(query.cursor, ['number']);
	const rows = await db
		.select()
		.from(customers)
		.where(
			and(
				agencyCustomerCondition(agencyId),
				customerSearchCondition(query.q ?? ''),
				after ? lt(customers.id, after[0] as number) : undefined
			)
		)
		.orderBy(desc(customers.id))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.id]);
}

/** One of the agency's customers, or 404 (also for customers that exist but are not theirs). */
export async function getAgencyCustomer(actor: Actor, customerId: number): Promise<Customer> {
	const agencyId = requireAgency(actor);
	const db = await getDb();
	const [row] = await db
		.select()
		.from(customers)
		.where(and(eq(customers.id, customerId), agencyCustomerCondition(agencyId)));
	if (!row) throw notFound();
	return row;
}

/**
 * Registers a customer for the agency. A mobile already on file is linked to the agency
 * instead of refused, and the answer carries only what the agent typed plus the id: the other
 * record's name and details are not revealed to a different agency.
 */
export async function createAgencyCustomer(
	actor: Actor,
	raw: unknown
): Promise<{ customer: Pick<Customer, 'id' | 'name' | 'mobile'>; existed: boolean }> {
	const agencyId = requireAgency(actor);
	requirePermission(actor, 'requests', 'edit');
	const input = parseOrThrow(customerCreateSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const existing = await findCustomerByMobile(input.mobile, tx);
		const customer =
			existing ??
			(await insertCustomer(
				tx,
				{ ...input, nationalId: input.nationalId, address: input.address },
				actor.user.id
			));
		await tx
			.insert(agencyCustomers)
			.values({ agencyId, customerId: customer.id, createdBy: actor.user.id })
			.onConflictDoNothing();
		return {
			customer: existing
				? { id: existing.id, name: input.name, mobile: existing.mobile }
				: { id: customer.id, name: customer.name, mobile: customer.mobile },
			existed: Boolean(existing)
		};
	});
}

/** A scrap receipt of the agency's units in a month. */
export interface PortalScrapRow {
	id: number;
	number: string;
	status: string;
	formNumber: string | null;
	createdAt: Date;
	postedAt: Date | null;
	items: { productFa: string; productEn: string; quantity: number; serial: string }[];
}

/** The agency's scrap (داغی) receipts of a Jalali month, with their lines. */
export async function listAgencyScrap(
	actor: Actor,
	raw: unknown = {},
	now: Date = new Date()
): Promise<{ month: string; documents: PortalScrapRow[] }> {
	const agencyId = requireAgency(actor);
	const { month } = parseOrThrow(monthQuery, raw);
	const range = monthRange(month, now);
	const db = await getDb();
	const docs = await db
		.select({
			id: stockDocuments.id,
			number: stockDocuments.number,
			status: stockDocuments.status,
			formNumber: serviceRequests.formNumber,
			createdAt: stockDocuments.createdAt,
			postedAt: stockDocuments.postedAt
		})
		.from(stockDocuments)
		.innerJoin(serviceRequests, eq(serviceRequests.id, stockDocuments.requestId))
		.where(
			and(
				eq(serviceRequests.agencyId, agencyId),
				eq(stockDocuments.kind, 'scrap_receipt'),
				gte(stockDocuments.createdAt, range.from),
				lt(stockDocuments.createdAt, range.to)
			)
		)
		.orderBy(asc(stockDocuments.id));
	const lines = docs.length
		? await db
				.select({
					documentId: stockMoves.documentId,
					productFa: products.nameFa,
					productEn: products.nameEn,
					quantity: stockMoves.quantity,
					serial: stockMoves.serial
				})
				.from(stockMoves)
				.innerJoin(products, eq(products.id, stockMoves.productId))
				.where(
					and(
						inArray(
							stockMoves.documentId,
							docs.map((d) => d.id)
						),
						sql`${stockMoves.quantity} > 0`
					)
				)
				.orderBy(asc(stockMoves.id))
		: [];
	return {
		month: range.label,
		documents: docs.map((d) => ({
			...d,
			items: lines
				.filter((l) => l.documentId === d.id)
				.map(({ documentId: _, ...l }) => ({ ...l, quantity: Number(l.quantity) }))
		}))
	};
}

/** An invoice of one of the agency's units. */
export interface PortalInvoiceRow {
	id: number;
	number: string;
	status: string;
	formNumber: string | null;
	createdAt: Date;
	totalRials: string;
	paidRials: string;
	/** Σ posted credit notes (برگشت از فروش) against it. */
	creditedRials: string;
}

/** The invoices of the agency's units in a Jalali month, with totals. */
export async function listAgencyInvoices(
	actor: Actor,
	raw: unknown = {},
	now: Date = new Date()
): Promise<{
	month: string;
	invoices: PortalInvoiceRow[];
	totalRials: string;
	paidRials: string;
	creditedRials: string;
}> {
	const agencyId = requireAgency(actor);
	const { month } = parseOrThrow(monthQuery, raw);
	const range = monthRange(month, now);
	const db = await getDb();
	const rows = await db
		.select({
			id: invoices.id,
			number: invoices.number,
			status: invoices.status,
			formNumber: serviceRequests.formNumber,
			createdAt: invoices.createdAt,
			totalRials: invoices.totalRials,
			paidRials: invoices.paidRials,
			creditedRials: invoices.creditedRials
		})
		.from(invoices)
		.innerJoin(serviceRequests, eq(serviceRequests.id, invoices.requestId))
		.where(
			and(
				eq(serviceRequests.agencyId, agencyId),
				gte(invoices.createdAt, range.from),
				lt(invoices.createdAt, range.to)
			)
		)
		.orderBy(asc(invoices.id));
	const total = rows.reduce((s, r) => s + r.totalRials, 0n);
	const paid = rows.reduce((s, r) => s + r.paidRials, 0n);
	const credited = rows.reduce((s, r) => s + r.creditedRials, 0n);
	return {
		month: range.label,
		invoices: rows.map((r) => ({
			...r,
			totalRials: r.totalRials.toString(),
			paidRials: r.paidRials.toString(),
			creditedRials: r.creditedRials.toString()
		})),
		totalRials: total.toString(),
		paidRials: paid.toString(),
		creditedRials: credited.toString()
	};
}
