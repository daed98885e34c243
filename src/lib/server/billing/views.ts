/**
 * Read models of the invoice pages: the filtered list, the estimates waiting for an invoice, and
 * one invoice with everything its detail and printed pages show.
 */
import {
	type AnyColumn,
	and,
	asc,
	desc,
	eq,
	gte,
	ilike,
	inArray,
	isNull,
	lt,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { z } from 'zod';
import { creditStateOf, invoiceBalance } from '#lib/domain/credit-note';
import { parseDayInput } from '#lib/domain/day-input';
import { normalizeDigits } from '#lib/domain/text';
import type { Actor } from '../auth/access';
import { can, requirePermission } from '../auth/access';
import { getDb } from '../db';
import {
	agencies,
	branches,
	creditNotes,
	customers,
	estimates,
	invoiceLines,
	invoices,
	journalEntries,
	payments,
	products,
	serviceRequests,
	services,
	stockDocuments,
	units
} from '../db/schema';
import { AppError, parseOrThrow } from '../http/errors';
import { withLines } from './ledger';
import { billingSettingsIn } from './settings';

/**
 * The columns that name an invoice line (its description, product or service code and names),
 * for a select joining `products` and `services` to `invoice_line`.
 */
export const namedLineColumns = {
	description: invoiceLines.description,
	productCode: products.code,
	productNameFa: products.nameFa,
	productNameEn: products.nameEn,
	serviceCode: services.code,
	serviceNameFa: services.nameFa,
	serviceNameEn: services.nameEn
};

export const PAY_STATES = ['unpaid', 'partial', 'paid'] as const;
export type PayState = (typeof PAY_STATES)[number];

/**
 * Whether a posted invoice is unpaid, partly paid or settled (a draft counts as unpaid); credit
 * notes that cancelled unpaid amounts (`appliedCreditRials`) count towards settling it.
 */
export function payStateOf(
	totalRials: bigint,
	paidRials: bigint,
	appliedCreditRials: bigint = 0n
): PayState {
	if (totalRials > 0n && paidRials + appliedCreditRials >= totalRials) return 'paid';
	if (paidRials <= 0n) return 'unpaid';
	return 'partial';
}

/** A typed day (Jalali or ISO, any digits) as a filter bound; undefined when empty. */
export const dayFilter = z
	.string()
	.optional()
	.transform((v) => (v ? (parseDayInput(v) ?? undefined) : undefined));

/** Conditions keeping `column` within the typed days `from`..`to` (both inclusive, either optional). */
export function withinDays(column: AnyColumn, days: { from?: Date; to?: Date }): SQL[] {
	const conditions: SQL[] = [];
	if (days.from) conditions.push(gte(column, days.from));
	// `to` names a day: everything up to the end of it.
	if (days.to) conditions.push(lt(column, new Date(days.to.getTime() + 86_400_000)));
	return conditions;
}

export const invoiceListSchema = z.object({
	status: z.enum(['draft', 'posted']).optional().catch(undefined),
	pay: z.enum(PAY_STATES).optional().catch(undefined),
	q: z.string().trim().max(100).optional(),
	from: dayFilter.catch(undefined),
	to: dayFilter.catch(undefined),
	requestId: z.coerce.number().int().positive().optional().catch(undefined),
	limit: z.coerce.number().int().min(1).max(200).default(100).catch(100)
});

export interface InvoiceListRow {
	id: number;
	number: string;
	status: 'draft' | 'posted';
	createdAt: Date;
	postedAt: Date | null;
	buyer: string;
	formNumber: string | null;
	requestId: number | null;
	totalRials: bigint;
	paidRials: bigint;
	creditedRials: bigint;
	refundDueRials: bigint;
	balanceRials: bigint;
	payState: PayState;
	creditState: 'none' | 'partial' | 'full';
}

/** Invoices newest first within the actor's branch, filtered by status, payment, text and date. */
export async function invoiceList(actor: Actor, raw: unknown = {}): Promise<InvoiceListRow[]> {
	requirePermission(actor, 'invoices', 'view');
	const filter = parseOrThrow(invoiceListSchema, raw ?? {});
	const db = await getDb();
	const conditions: SQL[] = [];
	if (actor.user.branchId !== null) conditions.push(eq(invoices.branchId, actor.user.branchId));
	if (filter.status) conditions.push(eq(invoices.status, filter.status));
	if (filter.requestId) conditions.push(eq(invoices.requestId, filter.requestId));
	// What is settled: payments plus the credits that cancelled unpaid amounts.
	const settled = sql`${invoices.paidRials} + ${invoices.creditedRials} - ${invoices.refundDueRials}`;
	if (filter.pay === 'unpaid')
		conditions.push(and(eq(invoices.paidRials, 0n), sql`${settled} < ${invoices.totalRials}`)!);
	if (filter.pay === 'partial')
		conditions.push(and(sql`${invoices.paidRials} > 0`, sql`${settled} < ${invoices.totalRials}`)!);
	if (filter.pay === 'paid')
		conditions.push(
			and(sql`${invoices.totalRials} > 0`, sql`${settled} >= ${invoices.totalRials}`)!
		);
	conditions.push(...withinDays(invoices.createdAt, filter));
	if (filter.q) {
		const q = `%${normalizeDigits(filter.q).replace(/[%_\\]/g, '\\$&')}%`;
		conditions.push(
			or(
				ilike(invoices.number, q),
				ilike(customers.name, q),
				ilike(agencies.name, q),
				ilike(serviceRequests.formNumber, q)
			)!
		);
	}
	const rows = await db
		.select({
			id: invoices.id,
			number: invoices.number,
			status: invoices.status,
			createdAt: invoices.createdAt,
			postedAt: invoices.postedAt,
			customerName: customers.name,
			agencyName: agencies.name,
			formNumber: serviceRequests.formNumber,
			requestId: invoices.requestId,
			totalRials: invoices.totalRials,
			paidRials: invoices.paidRials,
			creditedRials: invoices.creditedRials,
			refundDueRials: invoices.refundDueRials
		})
		.from(invoices)
		.leftJoin(serviceRequests, eq(serviceRequests.id, invoices.requestId))
		.leftJoin(customers, eq(customers.id, invoices.customerId))
		.leftJoin(agencies, eq(agencies.id, serviceRequests.agencyId))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(invoices.id))
		.limit(filter.limit);
	return rows.map((r) => ({
		id: r.id,
		number: r.number,
		status: r.status,
		createdAt: r.createdAt,
		postedAt: r.postedAt,
		buyer: r.customerName ?? r.agencyName ?? '',
		formNumber: r.formNumber,
		requestId: r.requestId,
		totalRials: r.totalRials,
		paidRials: r.paidRials,
		creditedRials: r.creditedRials,
		refundDueRials: r.refundDueRials,
		balanceRials: invoiceBalance(r),
		payState: payStateOf(r.totalRials, r.paidRials, r.creditedRials - r.refundDueRials),
		creditState: creditStateOf(r.totalRials, r.creditedRials)
	}));
}

/** Approved, chargeable estimates that have no invoice yet (what the "new invoice" form offers). */
export async function invoiceableEstimates(actor: Actor) {
	requirePermission(actor, 'invoices', 'edit');
	const db = await getDb();
	const conditions: SQL[] = [
		eq(estimates.status, 'approved'),
		eq(estimates.noCharge, false),
		isNull(invoices.id)
	];
	if (actor.user.branchId !== null)
		conditions.push(eq(serviceRequests.branchId, actor.user.branchId));
	return db
		.select({
			estimateId: estimates.id,
			requestId: serviceRequests.id,
			formNumber: serviceRequests.formNumber,
			customerName: customers.name,
			agencyName: agencies.name,
			totalRials: estimates.totalRials,
			answeredAt: estimates.answeredAt
		})
		.from(estimates)
		.innerJoin(serviceRequests, eq(serviceRequests.id, estimates.requestId))
		.leftJoin(invoices, eq(invoices.estimateId, estimates.id))
		.leftJoin(customers, eq(customers.id, serviceRequests.customerId))
		.leftJoin(agencies, eq(agencies.id, serviceRequests.agencyId))
		.where(and(...conditions))
		.orderBy(asc(estimates.id))
		.limit(200);
}

/** What an invoice or credit note page offers the actor: posting, stock documents, journal entries. */
export function billingPageAccess(actor: Actor) {
	return {
		canEdit: can(actor, 'invoices', 'edit'),
		canSeeStock: can(actor, 'stock', 'view'),
		canSeeJournal: can(actor, 'reports', 'view')
	};
}

/** One invoice with its lines (named), payments, buyer, seller, request, journal and stock documents. */
export async function invoicePage(actor: Actor, invoiceId: number) {
	requirePermission(actor, 'invoices', 'view');
	const db = await getDb();
	const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
	if (!invoice || (actor.user.branchId !== null && actor.user.branchId !== invoice.branchId))
		throw new AppError(404, 'not_found', 'error.notFound');
	const [lines, paid, [branch], settings] = await Promise.all([
		db
			.select({
				id: invoiceLines.id,
				kind: invoiceLines.kind,
				...namedLineColumns,
				quantity: invoiceLines.quantity,
				unitPriceRials: invoiceLines.unitPriceRials,
				amountRials: invoiceLines.amountRials
			})
			.from(invoiceLines)
			.leftJoin(products, eq(products.id, invoiceLines.productId))
			.leftJoin(services, eq(services.id, invoiceLines.serviceId))
			.where(eq(invoiceLines.invoiceId, invoiceId))
			.orderBy(asc(invoiceLines.id)),
		db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(asc(payments.id)),
		db.select().from(branches).where(eq(branches.id, invoice.branchId)),
		billingSettingsIn(db)
	]);
	const [request] = invoice.requestId
		? await db
				.select({
					id: serviceRequests.id,
					formNumber: serviceRequests.formNumber,
					agencyId: serviceRequests.agencyId,
					unitSerial: units.serial,
					productCode: products.code,
					productNameFa: products.nameFa,
					productNameEn: products.nameEn
				})
				.from(serviceRequests)
				.leftJoin(units, eq(units.id, serviceRequests.unitId))
				.leftJoin(products, eq(products.id, serviceRequests.productId))
				.where(eq(serviceRequests.id, invoice.requestId))
		: [];
	const [customer] = invoice.customerId
		? await db.select().from(customers).where(eq(customers.id, invoice.customerId))
		: [];
	const [agency] = request?.agencyId
		? await db.select().from(agencies).where(eq(agencies.id, request.agencyId))
		: [];
	const notes = await db
		.select()
		.from(creditNotes)
		.where(eq(creditNotes.invoiceId, invoice.id))
		.orderBy(asc(creditNotes.id));
	const sources = [
		and(eq(journalEntries.sourceType, 'invoice'), eq(journalEntries.sourceId, invoice.id)),
		...(notes.length
			? [
					and(
						eq(journalEntries.sourceType, 'credit_note'),
						inArray(
							journalEntries.sourceId,
							notes.map((n) => n.id)
						)
					)
				]
			: []),
		...(paid.length
			? [
					and(
						eq(journalEntries.sourceType, 'payment'),
						inArray(
							journalEntries.sourceId,
							paid.map((p) => p.id)
						)
					)
				]
			: [])
	];
	const entries = await withLines(
		db,
		await db
			.select()
			.from(journalEntries)
			.where(or(...sources))
			.orderBy(asc(journalEntries.id))
	);
	const documents = await db
		.select({
			id: stockDocuments.id,
			number: stockDocuments.number,
			kind: stockDocuments.kind,
			status: stockDocuments.status
		})
		.from(stockDocuments)
		.where(eq(stockDocuments.invoiceId, invoice.id))
		.orderBy(asc(stockDocuments.id));
	return {
		invoice: {
			...invoice,
			balanceRials: invoiceBalance(invoice),
			payState: payStateOf(
				invoice.totalRials,
				invoice.paidRials,
				invoice.creditedRials - invoice.refundDueRials
			),
			creditState: creditStateOf(invoice.totalRials, invoice.creditedRials),
			netTotalRials: invoice.totalRials - invoice.creditedRials,
			refundOwedRials: invoice.refundDueRials - invoice.refundedRials
		},
		creditNotes: notes,
		lines,
		payments: paid,
		branch: branch!,
		settings,
		request: request ?? null,
		customer: customer
			? {
					name: customer.name,
					mobile: customer.mobile,
					nationalId: customer.nationalId,
					address: customer.address
				}
			: null,
		agency: agency ? { code: agency.code, name: agency.name, city: agency.city } : null,
		entries,
		documents
	};
}

export type InvoicePage = Awaited<ReturnType<typeof invoicePage>>;
