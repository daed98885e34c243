/**
 * Read side of the service path: one request with everything about it, the request / order /
 * work-log lists with their basic filters, and a technician's queue ordered by priority and SLA
 * time left. Every query is limited to the actor's branch and agency scope.
 */
import {
	aliasedTable,
	and,
	asc,
	desc,
	eq,
	exists,
	gte,
	ilike,
	inArray,
	lt,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { permittedMoves, type Move } from '#lib/domain/lifecycle';
import { normalizePersian, normalizeSerial } from '#lib/domain/text';
import { workingMinutesBetween, type BranchCalendar } from '#lib/domain/working-time';
import { can, requirePermission, type Actor } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	agencies,
	attachments,
	branches,
	counters,
	customers,
	deliveries,
	orderAssignments,
	priorities,
	products,
	qcReviews,
	replacements,
	requestLists,
	serviceOrders,
	serviceRequests,
	serviceTypes,
	services,
	units,
	users,
	warranties,
	workLogParts,
	workLogs,
	workTypes,
	type Attachment,
	type Delivery,
	type OrderAssignment,
	type QcReview,
	type Replacement,
	type RequestList,
	type ServiceOrder,
	type ServiceRequest
} from '../db/schema';
import { forbidden, parseOrThrow } from '../http/errors';
import { decodeCursor, likeEscape, toPage, type Page } from '../catalog/paging';
import { loadBranchCalendar } from './calendar';
import { listEstimates, type EstimateWithLines } from './estimates';
import { ACTIVE_ORDER_STATUSES } from './orders';
import { coverageOf, listUnitRequests, type UnitRequestSummary } from './reception';
import { orderListQuery, requestListQuery, workLogListQuery } from './schemas';
import { loadRequest, requestScope } from './scope';
import { listWorkLogsOfRequest, type WorkLogWithParts } from './work';

const DAY_MS = 86_400_000;

function dateRange(column: AnyPgColumn, from?: Date, to?: Date): SQL[] {
	const conditions: SQL[] = [];
	if (from) conditions.push(gte(column, from));
	// `to` is a day; the whole of it counts.
	if (to) conditions.push(lt(column, new Date(to.getTime() + DAY_MS)));
	return conditions;
}

function cursorCondition(column: AnyPgColumn, cursor: string | undefined): SQL | undefined {
	const key = decodeCursor(cursor, ['number']);
	return key ? lt(column, key[0] as number) : undefined;
}

const technicians = aliasedTable(users, 'technician');

/** A request as lists show it. */
export interface RequestListItem {
	id: number;
	formNumber: string;
	status: ServiceRequest['status'];
	statusChangedAt: Date;
	createdAt: Date;
	version: number;
	branchId: number;
	branchCode: string;
	channel: ServiceRequest['channel'];
	listId: number | null;
	listNumber: string | null;
	customerId: number | null;
	customerName: string | null;
	customerMobile: string | null;
	delivererName: string;
	productId: number;
	productCode: string;
	productNameFa: string;
	productNameEn: string;
	unitSerial: string | null;
	coverage: ServiceRequest['coverage'];
	complaint: string;
	replacementFlag: boolean;
	replacementReasons: string[];
	/** Technician and due time of the open order, when there is one. */
	technicianId: number | null;
	technicianName: string | null;
	dueAt: Date | null;
}

/** Requests matching the filters, newest first, a page at a time. */
export async function listRequests(actor: Actor, raw: unknown): Promise<Page<RequestListItem>> {
	requirePermission(actor, 'requests', 'view');
	const query = parseOrThrow(requestListQuery, raw);
	const db = await getDb();
	const conditions: (SQL | undefined)[] = [
		requestScope(actor),
		cursorCondition(serviceRequests.id, query.cursor)
	];
	if (query.status?.length) conditions.push(inArray(serviceRequests.status, query.status));
	if (query.branchId !== undefined) conditions.push(eq(serviceRequests.branchId, query.branchId));
	if (query.listId !== undefined) conditions.push(eq(serviceRequests.listId, query.listId));
	if (query.unitId !== undefined) conditions.push(eq(serviceRequests.unitId, query.unitId));
	if (query.customerId !== undefined)
		conditions.push(eq(serviceRequests.customerId, query.customerId));
	if (query.replacementFlag !== undefined)
		conditions.push(eq(serviceRequests.replacementFlag, query.replacementFlag));
	if (query.technicianId !== undefined) {
		conditions.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(serviceOrders)
					.where(
						and(
							eq(serviceOrders.requestId, serviceRequests.id),
							eq(serviceOrders.technicianId, query.technicianId)
						)
					)
			)
		);
	}
	conditions.push(...dateRange(serviceRequests.createdAt, query.from, query.to));
	const q = query.q?.trim();
	if (q) {
		const folded = likeEscape(normalizePersian(q));
		const serial = likeEscape(normalizeSerial(q).toLowerCase());
		conditions.push(
			serial
				? or(
						ilike(serviceRequests.searchText, `%${folded}%`),
						ilike(serviceRequests.searchText, `%${serial}%`)
					)
				: ilike(serviceRequests.searchText, `%${folded}%`)
		);
	}
	const rows = await db
		.select({
			id: serviceRequests.id,
			formNumber: serviceRequests.formNumber,
			status: serviceRequests.status,
			statusChangedAt: serviceRequests.statusChangedAt,
			createdAt: serviceRequests.createdAt,
			version: serviceRequests.version,
			branchId: serviceRequests.branchId,
			branchCode: branches.code,
			channel: serviceRequests.channel,
			listId: serviceRequests.listId,
			listNumber: requestLists.listNumber,
			customerId: serviceRequests.customerId,
			customerName: customers.name,
			customerMobile: customers.mobile,
			delivererName: serviceRequests.delivererName,
			productId: serviceRequests.productId,
			productCode: products.code,
			productNameFa: products.nameFa,
			productNameEn: products.nameEn,
			unitSerial: units.serial,
			coverage: serviceRequests.coverage,
			complaint: serviceRequests.complaint,
			replacementFlag: serviceRequests.replacementFlag,
			replacementReasons: serviceRequests.replacementReasons
		})
		.from(serviceRequests)
		.innerJoin(branches, eq(branches.id, serviceRequests.branchId))
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(requestLists, eq(requestLists.id, serviceRequests.listId))
		.leftJoin(customers, eq(customers.id, serviceRequests.customerId))
		.leftJoin(units, eq(units.id, serviceRequests.unitId))
		.where(and(...conditions))
		.orderBy(desc(serviceRequests.id))
		.limit(query.limit + 1);
	const page = toPage(rows, query.limit, (r) => [r.id]);
	const ids = page.items.map((r) => r.id);
	const open = ids.length
		? await db
				.select({
					requestId: serviceOrders.requestId,
					technicianId: serviceOrders.technicianId,
					technicianName: users.displayName,
					dueAt: serviceOrders.dueAt
				})
				.from(serviceOrders)
				.innerJoin(users, eq(users.id, serviceOrders.technicianId))
				.where(
					and(
						inArray(serviceOrders.requestId, ids),
						inArray(serviceOrders.status, [...ACTIVE_ORDER_STATUSES])
					)
				)
		: [];
	return {
		nextCursor: page.nextCursor,
		items: page.items.map((r) => {
			const order = open.find((o) => o.requestId === r.id);
			return {
				...r,
				technicianId: order?.technicianId ?? null,
				technicianName: order?.technicianName ?? null,
				dueAt: order?.dueAt ?? null
			};
		})
	};
}

/** An order with the names lists and the request page show. */
export type OrderView = ServiceOrder & {
	formNumber: string;
	branchId: number;
	requestStatus: ServiceRequest['status'];
	technicianName: string;
	priorityCode: string;
	priorityNameFa: string;
	priorityNameEn: string;
	priorityColour: string;
	serviceNameFa: string | null;
	serviceNameEn: string | null;
	workTypeNameFa: string | null;
	workTypeNameEn: string | null;
	serviceTypeNameFa: string | null;
	serviceTypeNameEn: string | null;
};

function selectOrderViews(db: Executor) {
	return db
		.select({
			order: serviceOrders,
			formNumber: serviceRequests.formNumber,
			branchId: serviceRequests.branchId,
			requestStatus: serviceRequests.status,
			technicianName: technicians.displayName,
			priorityCode: priorities.code,
			priorityNameFa: priorities.nameFa,
			priorityNameEn: priorities.nameEn,
			priorityColour: priorities.colour,
			serviceNameFa: services.nameFa,
			serviceNameEn: services.nameEn,
			workTypeNameFa: workTypes.nameFa,
			workTypeNameEn: workTypes.nameEn,
			serviceTypeNameFa: serviceTypes.nameFa,
			serviceTypeNameEn: serviceTypes.nameEn
		})
		.from(serviceOrders)
		.innerJoin(serviceRequests, eq(serviceRequests.id, serviceOrders.requestId))
		.innerJoin(technicians, eq(technicians.id, serviceOrders.technicianId))
		.innerJoin(priorities, eq(priorities.id, serviceOrders.priorityId))
		.leftJoin(services, eq(services.id, serviceOrders.serviceId))
		.leftJoin(workTypes, eq(workTypes.id, serviceOrders.workTypeId))
		.leftJoin(serviceTypes, eq(serviceTypes.id, serviceOrders.serviceTypeId))
		.$dynamic();
}

type OrderViewRow = Awaited<ReturnType<ReturnType<typeof selectOrderViews>['execute']>>[number];

function toOrderView({ order, ...rest }: OrderViewRow): OrderView {
	return { ...order, ...rest };
}

/** Service orders matching the filters, newest first, a page at a time. */
export async function listOrders(actor: Actor, raw: unknown): Promise<Page<OrderView>> {
	requirePermission(actor, 'orders', 'view');
	const query = parseOrThrow(orderListQuery, raw);
	const db = await getDb();
	const conditions: (SQL | undefined)[] = [
		requestScope(actor),
		cursorCondition(serviceOrders.id, query.cursor)
	];
	if (query.status?.length) conditions.push(inArray(serviceOrders.status, query.status));
	if (query.branchId !== undefined) conditions.push(eq(serviceRequests.branchId, query.branchId));
	if (query.technicianId !== undefined)
		conditions.push(eq(serviceOrders.technicianId, query.technicianId));
	if (query.requestId !== undefined) conditions.push(eq(serviceOrders.requestId, query.requestId));
	conditions.push(...dateRange(serviceOrders.createdAt, query.from, query.to));
	const rows = await selectOrderViews(db)
		.where(and(...conditions))
		.orderBy(desc(serviceOrders.id))
		.limit(query.limit + 1);
	const page = toPage(rows.map(toOrderView), query.limit, (r) => [r.id]);
	return page;
}

/** A work log with its parts, QC decision and the names lists show. */
export type WorkLogView = WorkLogWithParts & {
	formNumber: string;
	branchId: number;
	technicianName: string;
	review: QcReview | null;
};

/** Work logs matching the filters, newest first, a page at a time. */
export async function listWorkLogs(actor: Actor, raw: unknown): Promise<Page<WorkLogView>> {
	requirePermission(actor, 'worklogs', 'view');
	const query = parseOrThrow(workLogListQuery, raw);
	const db = await getDb();
	const conditions: (SQL | undefined)[] = [
		requestScope(actor),
		cursorCondition(workLogs.id, query.cursor)
	];
	if (query.status?.length) conditions.push(inArray(workLogs.status, query.status));
	if (query.branchId !== undefined) conditions.push(eq(serviceRequests.branchId, query.branchId));
	if (query.technicianId !== undefined)
		conditions.push(eq(workLogs.technicianId, query.technicianId));
	if (query.requestId !== undefined) conditions.push(eq(workLogs.requestId, query.requestId));
	conditions.push(...dateRange(workLogs.createdAt, query.from, query.to));
	const rows = await db
		.select({
			log: workLogs,
			formNumber: serviceRequests.formNumber,
			branchId: serviceRequests.branchId,
			technicianName: users.displayName,
			review: qcReviews
		})
		.from(workLogs)
		.innerJoin(serviceRequests, eq(serviceRequests.id, workLogs.requestId))
		.innerJoin(users, eq(users.id, workLogs.technicianId))
		.leftJoin(qcReviews, eq(qcReviews.workLogId, workLogs.id))
		.where(and(...conditions))
		.orderBy(desc(workLogs.id))
		.limit(query.limit + 1);
	const page = toPage(rows, query.limit, (r) => [r.log.id]);
	const ids = page.items.map((r) => r.log.id);
	const parts = ids.length
		? await db.select().from(workLogParts).where(inArray(workLogParts.workLogId, ids))
		: [];
	return {
		nextCursor: page.nextCursor,
		items: page.items.map((r) => ({
			...r.log,
			parts: parts.filter((p) => p.workLogId === r.log.id),
			formNumber: r.formNumber,
			branchId: r.branchId,
			technicianName: r.technicianName,
			review: r.review
		}))
	};
}

/** One line of a technician's queue. */
export interface QueueItem {
	orderId: number;
	orderStatus: ServiceOrder['status'];
	orderVersion: number;
	requestId: number;
	formNumber: string;
	requestStatus: ServiceRequest['status'];
	requestVersion: number;
	productNameFa: string;
	productNameEn: string;
	unitSerial: string | null;
	complaint: string;
	coverage: ServiceRequest['coverage'];
	replacementFlag: boolean;
	priorityId: number;
	priorityNameFa: string;
	priorityNameEn: string;
	priorityColour: string;
	dueAt: Date;
	/** Working minutes until due (negative when overdue). */
	minutesLeft: number;
	startedAt: Date | null;
}

/**
 * A technician's open orders, most urgent first: by priority, then by working time left to the
 * due time. Anyone may see their own queue; other people's need orders/view.
 */
export async function listTechnicianQueue(
	actor: Actor,
	technicianId: number = actor.user.id,
	now = new Date()
): Promise<QueueItem[]> {
	if (technicianId !== actor.user.id) requirePermission(actor, 'orders', 'view');
	else if (!can(actor, 'worklogs', 'view') && !can(actor, 'orders', 'view')) throw forbidden();
	const db = await getDb();
	const scope = requestScope(actor);
	const own = and(
		eq(serviceOrders.technicianId, technicianId),
		inArray(serviceOrders.status, [...ACTIVE_ORDER_STATUSES])
	);
	const rows = await db
		.select({
			orderId: serviceOrders.id,
			orderStatus: serviceOrders.status,
			orderVersion: serviceOrders.version,
			requestId: serviceRequests.id,
			branchId: serviceRequests.branchId,
			formNumber: serviceRequests.formNumber,
			requestStatus: serviceRequests.status,
			requestVersion: serviceRequests.version,
			productNameFa: products.nameFa,
			productNameEn: products.nameEn,
			unitSerial: units.serial,
			complaint: serviceRequests.complaint,
			coverage: serviceRequests.coverage,
			replacementFlag: serviceRequests.replacementFlag,
			priorityId: priorities.id,
			priorityNameFa: priorities.nameFa,
			priorityNameEn: priorities.nameEn,
			priorityColour: priorities.colour,
			prioritySort: priorities.sortOrder,
			dueAt: serviceOrders.dueAt,
			startedAt: serviceOrders.startedAt
		})
		.from(serviceOrders)
		.innerJoin(serviceRequests, eq(serviceRequests.id, serviceOrders.requestId))
		.innerJoin(priorities, eq(priorities.id, serviceOrders.priorityId))
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(units, eq(units.id, serviceRequests.unitId))
		.where(scope ? and(own, scope) : own);
	const calendars = new Map<number, BranchCalendar>();
	const items: (QueueItem & { prioritySort: number })[] = [];
	for (const { branchId, ...row } of rows) {
		let calendar = calendars.get(branchId);
		if (!calendar) {
			calendar = await loadBranchCalendar(db, branchId, now);
			calendars.set(branchId, calendar);
		}
		items.push({
			...row,
			minutesLeft: Math.round(workingMinutesBetween(now, row.dueAt, calendar))
		});
	}
	items.sort(
		(a, b) =>
			a.prioritySort - b.prioritySort || a.minutesLeft - b.minutesLeft || a.orderId - b.orderId
	);
	return items.map(({ prioritySort: _, ...item }) => item);
}

/** Everything about one request, for its page and the API. */
export interface RequestDetail {
	request: ServiceRequest;
	branch: { id: number; code: string; nameFa: string; nameEn: string };
	counter: { id: number; code: string; name: string } | null;
	agency: { id: number; code: string; name: string } | null;
	list: RequestList | null;
	customer: { id: number; name: string; mobile: string } | null;
	product: { id: number; code: string; nameFa: string; nameEn: string; priceRials: bigint };
	unit: { id: number; serial: string } | null;
	warranty: {
		id: number;
		serial: string;
		active: boolean;
		endsOn: Date | null;
		coverageToday: string;
		daysLeft: number | null;
	} | null;
	orders: OrderView[];
	assignments: (OrderAssignment & { technicianName: string })[];
	estimates: EstimateWithLines[];
	workLogs: (WorkLogWithParts & { technicianName: string; review: QcReview | null })[];
	delivery: Delivery | null;
	replacement: (Replacement & { newSerial: string }) | null;
	attachments: Attachment[];
	/** Other requests of the same unit (its repair history), newest first. */
	pastRequests: UnitRequestSummary[];
	/** Moves the actor may make from the current status: the buttons to offer. */
	moves: Move[];
	createdByName: string | null;
}

/** One request with its customer, unit, warranty, orders, estimates, work, QC, delivery and replacement. */
export async function getRequestDetail(
	actor: Actor,
	requestId: number,
	now = new Date()
): Promise<RequestDetail> {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const request = await loadRequest(db, actor, requestId);
	const [branch] = await db
		.select({
			id: branches.id,
			code: branches.code,
			nameFa: branches.nameFa,
			nameEn: branches.nameEn
		})
		.from(branches)
		.where(eq(branches.id, request.branchId));
	const [counter] = request.counterId
		? await db
				.select({ id: counters.id, code: counters.code, name: counters.name })
				.from(counters)
				.where(eq(counters.id, request.counterId))
		: [];
	const [agency] = request.agencyId
		? await db
				.select({ id: agencies.id, code: agencies.code, name: agencies.name })
				.from(agencies)
				.where(eq(agencies.id, request.agencyId))
		: [];
	const [list] = request.listId
		? await db.select().from(requestLists).where(eq(requestLists.id, request.listId))
		: [];
	const [customer] = request.customerId
		? await db
				.select({ id: customers.id, name: customers.name, mobile: customers.mobile })
				.from(customers)
				.where(eq(customers.id, request.customerId))
		: [];
	const [product] = await db
		.select({
			id: products.id,
			code: products.code,
			nameFa: products.nameFa,
			nameEn: products.nameEn,
			priceRials: products.priceRials
		})
		.from(products)
		.where(eq(products.id, request.productId));
	const [unit] = request.unitId
		? await db
				.select({ id: units.id, serial: units.serial })
				.from(units)
				.where(eq(units.id, request.unitId))
		: [];
	const [warrantyRow] = request.warrantyId
		? await db.select().from(warranties).where(eq(warranties.id, request.warrantyId))
		: [];
	const today = warrantyRow ? coverageOf(warrantyRow, now) : null;
	const orders = (
		await selectOrderViews(db)
			.where(eq(serviceOrders.requestId, requestId))
			.orderBy(asc(serviceOrders.id))
	).map(toOrderView);
	const assignments = await db
		.select({ assignment: orderAssignments, technicianName: users.displayName })
		.from(orderAssignments)
		.innerJoin(users, eq(users.id, orderAssignments.technicianId))
		.where(eq(orderAssignments.requestId, requestId))
		.orderBy(asc(orderAssignments.id));
	const logs = await listWorkLogsOfRequest(db, requestId);
	const reviews = logs.length
		? await db.select().from(qcReviews).where(eq(qcReviews.requestId, requestId))
		: [];
	const names = await userNames(db, [
		...logs.map((l) => l.technicianId),
		...(request.createdBy ? [request.createdBy] : [])
	]);
	const [delivery] = await db.select().from(deliveries).where(eq(deliveries.requestId, requestId));
	const [replacement] = await db
		.select({ replacement: replacements, newSerial: units.serial })
		.from(replacements)
		.innerJoin(units, eq(units.id, replacements.newUnitId))
		.where(eq(replacements.requestId, requestId));
	const files = await db
		.select()
		.from(attachments)
		.where(eq(attachments.requestId, requestId))
		.orderBy(asc(attachments.id));
	const past = request.unitId
		? (await listUnitRequests(db, request.unitId, actor)).filter((r) => r.id !== requestId)
		: [];
	return {
		request,
		branch: branch!,
		counter: counter ?? null,
		agency: agency ?? null,
		list: list ?? null,
		customer: customer ?? null,
		product: product!,
		unit: unit ?? null,
		warranty: warrantyRow
			? {
					id: warrantyRow.id,
					serial: warrantyRow.serial,
					active: warrantyRow.active,
					endsOn: warrantyRow.endsOn,
					coverageToday: today!.coverage,
					daysLeft: today!.daysLeft
				}
			: null,
		orders,
		assignments: assignments.map((a) => ({ ...a.assignment, technicianName: a.technicianName })),
		estimates: await listEstimates(db, requestId),
		workLogs: logs.map((l) => ({
			...l,
			technicianName: names.get(l.technicianId) ?? '',
			review: reviews.find((r) => r.workLogId === l.id) ?? null
		})),
		delivery: delivery ?? null,
		replacement: replacement
			? { ...replacement.replacement, newSerial: replacement.newSerial }
			: null,
		attachments: files,
		pastRequests: past,
		moves: permittedMoves(request.status, actor.grants),
		createdByName: request.createdBy ? (names.get(request.createdBy) ?? null) : null
	};
}

async function userNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
	const unique = [...new Set(ids)];
	if (!unique.length) return new Map();
	const rows = await db
		.select({ id: users.id, name: users.displayName })
		.from(users)
		.where(inArray(users.id, unique));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** A request by id within the actor's scope (404 otherwise), for pages that need only the row. */
export async function getRequest(actor: Actor, requestId: number): Promise<ServiceRequest> {
	requirePermission(actor, 'requests', 'view');
	return loadRequest(await getDb(), actor, requestId);
}
