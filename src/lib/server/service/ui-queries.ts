/**
 * Read-only queries behind the service-path pages (lists, the request page, the technician's
 * queue, the QC inbox, timelines). Writes never happen here: pages call the service functions
 * of this folder for every change. Every query is limited to the actor's branch/agency scope.
 */
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { STATUSES, type StatusKey } from '#lib/domain/lifecycle';
import { normalizePersian, normalizeSerial } from '#lib/domain/text';
import type { BranchCalendar } from '#lib/domain/working-time';
import { isMessageKey, translate, type Locale, type MessageKey } from '#lib/i18n';
import { requirePermission, type Actor } from '../auth/access';
import { notSystemUser } from '../auth/system-users';
import { getDb } from '../db';
import {
	agencies,
	bomLines,
	branches,
	customers,
	estimates,
	grants,
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
	userGroupMembers,
	userRoles,
	users,
	warranties,
	workTypes,
	type Coverage
} from '../db/schema';
import { likeEscape } from '../catalog/paging';
import { AppError, notFound, parseOrThrow } from '../http/errors';
import { receiveBulkListInTx, type BulkResult } from './bulk';
import { parseBulkText, type BulkLine } from './bulk-parse';
import { inTransaction } from './context';
import { listRequests } from './queries';
import { loadBranchCalendar } from './calendar';
import { requestScope } from './scope';
import { listUnitRequests, type UnitRequestSummary } from './reception';
import { bulkIntakeSchema, type RequestListQuery } from './schemas';
import type { TimelineEntry as RawTimelineEntry } from './timeline';

const DAY_MS = 86_400_000;

/** A name in both interface languages. */
export interface Named {
	fa: string;
	en: string;
}

/** A part offered by pickers: the product's BOM first, then every other active part. */
export interface PartOption {
	id: number;
	code: string;
	nameFa: string;
	nameEn: string;
	/** Integer Rials as text, so page data stays plain JSON. */
	priceRials: string;
	fromBom: boolean;
}

/** A service offered on estimate lines, with its labour charge. */
export interface ServiceOption {
	id: number;
	code: string;
	nameFa: string;
	nameEn: string;
	labourRials: string;
}

/** One value on a timeline entry; components translate and format it in the reader's language. */
export type TimelineFact = { label: MessageKey } & (
	| { kind: 'text'; text: string; ltr?: boolean }
	| { kind: 'key'; key: MessageKey }
	| { kind: 'named'; fa: string; en: string }
	| { kind: 'date'; date: Date }
	| { kind: 'rials'; rials: string }
	| { kind: 'number'; number: number }
);

/** One line of a request's (or unit's) history. */
export interface TimelineEntry {
	id: number;
	at: Date;
	actorName: string | null;
	title: MessageKey;
	fromStatus?: StatusKey;
	toStatus?: StatusKey;
	facts: TimelineFact[];
	/** Marks rejections red and approvals/hand-overs green. */
	tone?: 'good' | 'bad';
	request: { id: number; formNumber: string };
}

function endOfDay(day: Date): Date {
	return new Date(day.getTime() + DAY_MS);
}

/** Text search over the request's folded search_text: every word must appear, or the whole serial. */
function textCondition(q: string | undefined): SQL | undefined {
	const text = q?.trim();
	if (!text) return undefined;
	const words = normalizePersian(text).split(' ').filter(Boolean);
	const serial = normalizeSerial(text).toLowerCase();
	const all = words.map((w) => sql`${serviceRequests.searchText} like ${`%${likeEscape(w)}%`}`);
	const bySerial = serial
		? sql`${serviceRequests.searchText} like ${`%${likeEscape(serial)}%`}`
		: undefined;
	return or(and(...all), bySerial);
}

type RequestFilters = Omit<RequestListQuery, 'cursor' | 'limit'>;

function requestConditions(
	actor: Actor,
	query: Partial<RequestFilters>,
	withStatus: boolean
): SQL[] {
	const where: (SQL | undefined)[] = [requestScope(actor)];
	if (withStatus && query.status?.length) where.push(inArray(serviceRequests.status, query.status));
	if (query.branchId !== undefined) where.push(eq(serviceRequests.branchId, query.branchId));
	if (query.listId !== undefined) where.push(eq(serviceRequests.listId, query.listId));
	if (query.unitId !== undefined) where.push(eq(serviceRequests.unitId, query.unitId));
	if (query.customerId !== undefined) where.push(eq(serviceRequests.customerId, query.customerId));
	if (query.replacementFlag !== undefined)
		where.push(eq(serviceRequests.replacementFlag, query.replacementFlag));
	if (query.technicianId !== undefined) {
		where.push(
			sql`exists (select 1 from ${serviceOrders} where ${serviceOrders.requestId} = ${serviceRequests.id} and ${serviceOrders.technicianId} = ${query.technicianId})`
		);
	}
	if (query.from) where.push(gte(serviceRequests.createdAt, query.from));
	if (query.to) where.push(lt(serviceRequests.createdAt, endOfDay(query.to)));
	where.push(textCondition(query.q));
	return where.filter((c): c is SQL => c !== undefined);
}

/** Number of requests in each of the 14 statuses, under the same filters as the list (status aside). */
export async function countRequestsByStatus(
	actor: Actor,
	query: Partial<RequestFilters> = {}
): Promise<Record<StatusKey, number>> {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const rows = await db
		.select({ status: serviceRequests.status, n: sql<number>`count(*)::int` })
		.from(serviceRequests)
		.where(and(...requestConditions(actor, query, false)))
		.groupBy(serviceRequests.status);
	const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<StatusKey, number>;
	for (const row of rows) counts[row.status] = Number(row.n);
	return counts;
}

/** A user who may be given work: active staff (not an agent) holding worklogs/edit. */
export interface TechnicianChoice {
	id: number;
	displayName: string;
	branchId: number | null;
}

/**
 * Technicians the actor may dispatch to or filter by: holding worklogs/edit through a direct
 * grant, a role or a group, working in `branchId` (or in every branch), within the actor's scope.
 */
export async function listTechnicianChoices(
	actor: Actor,
	branchId?: number | null
): Promise<TechnicianChoice[]> {
	const db = await getDb();
	const scopeBranch = branchId ?? actor.user.branchId;
	const holdsWorklogsEdit = sql`exists (
		select 1 from ${grants}
		where ${grants.area} = 'worklogs' and ${grants.level} in ('edit', 'manage') and (
			${grants.userId} = ${users.id}
			or ${grants.roleId} in (select ${userRoles.roleId} from ${userRoles} where ${userRoles.userId} = ${users.id})
			or ${grants.groupId} in (select ${userGroupMembers.groupId} from ${userGroupMembers} where ${userGroupMembers.userId} = ${users.id})
		))`;
	return db
		.select({ id: users.id, displayName: users.displayName, branchId: users.branchId })
		.from(users)
		.where(
			and(
				eq(users.active, true),
				sql`${users.agencyId} is null`,
				notSystemUser(),
				scopeBranch !== null && scopeBranch !== undefined
					? or(sql`${users.branchId} is null`, eq(users.branchId, scopeBranch))
					: undefined,
				holdsWorklogsEdit
			)
		)
		.orderBy(asc(users.displayName));
}

/** Parts for pickers: the product's BOM first, then other active parts (up to `limit`). */
export async function listPartOptions(
	productId: number | null,
	limit = 300
): Promise<PartOption[]> {
	const db = await getDb();
	const bom = productId
		? await db
				.select({
					id: products.id,
					code: products.code,
					nameFa: products.nameFa,
					nameEn: products.nameEn,
					price: products.priceRials
				})
				.from(bomLines)
				.innerJoin(products, eq(products.id, bomLines.partId))
				.where(and(eq(bomLines.productId, productId), eq(products.active, true)))
				.orderBy(asc(products.code))
		: [];
	const bomIds = new Set(bom.map((p) => p.id));
	const others = await db
		.select({
			id: products.id,
			code: products.code,
			nameFa: products.nameFa,
			nameEn: products.nameEn,
			price: products.priceRials
		})
		.from(products)
		.where(and(eq(products.isPart, true), eq(products.active, true)))
		.orderBy(asc(products.code))
		.limit(limit);
	const toOption = (p: (typeof others)[number], fromBom: boolean): PartOption => ({
		id: p.id,
		code: p.code,
		nameFa: p.nameFa,
		nameEn: p.nameEn,
		priceRials: p.price.toString(),
		fromBom
	});
	return [
		...bom.map((p) => toOption(p, true)),
		...others.filter((p) => !bomIds.has(p.id)).map((p) => toOption(p, false))
	];
}

/** Active services with their labour charges, for estimate lines and order forms. */
export async function listServiceOptions(): Promise<ServiceOption[]> {
	const db = await getDb();
	const rows = await db
		.select()
		.from(services)
		.where(eq(services.active, true))
		.orderBy(asc(services.sortOrder), asc(services.id));
	return rows.map((s) => ({
		id: s.id,
		code: s.code,
		nameFa: s.nameFa,
		nameEn: s.nameEn,
		labourRials: s.labourRials.toString()
	}));
}

/** Active definitions of the order form (work types, service types, priorities with SLA minutes). */
export async function listOrderFormChoices() {
	const db = await getDb();
	const [workTypeRows, serviceTypeRows, priorityRows] = await Promise.all([
		db
			.select()
			.from(workTypes)
			.where(eq(workTypes.active, true))
			.orderBy(asc(workTypes.sortOrder), asc(workTypes.id)),
		db
			.select()
			.from(serviceTypes)
			.where(eq(serviceTypes.active, true))
			.orderBy(asc(serviceTypes.sortOrder), asc(serviceTypes.id)),
		db
			.select()
			.from(priorities)
			.where(eq(priorities.active, true))
			.orderBy(asc(priorities.sortOrder), asc(priorities.id))
	]);
	const pick = (r: { id: number; nameFa: string; nameEn: string }) => ({
		id: r.id,
		nameFa: r.nameFa,
		nameEn: r.nameEn
	});
	return {
		workTypes: workTypeRows.map(pick),
		serviceTypes: serviceTypeRows.map(pick),
		priorities: priorityRows.map((p) => ({
			...pick(p),
			slaResolutionMinutes: p.slaResolutionMinutes,
			colour: p.colour
		}))
	};
}

// ---------------------------------------------------------------------------------------------
// Timelines: the backend's history entries, described for people

/** Names of the users, priorities, services and products that history rows refer to by id. */
interface NameBook {
	users: Map<number, string>;
	priorities: Map<number, Named>;
	services: Map<number, Named>;
	products: Map<number, Named & { code: string }>;
}

const USER_FIELDS = ['technicianId', 'oldTechnicianId', 'newTechnicianId', 'previousTechnicianId'];

function idsIn(rows: RawTimelineEntry[], fields: string[]): number[] {
	const ids = new Set<number>();
	const visit = (changes: Record<string, unknown>) => {
		for (const field of fields) {
			const value = changes[field];
			if (typeof value === 'number') ids.add(value);
		}
	};
	for (const row of rows) {
		visit(row.changes);
		// Parts of a work log and lines of an estimate name their products too.
		for (const nested of ['parts', 'lines']) {
			const list = row.changes[nested];
			if (!Array.isArray(list)) continue;
			for (const item of list as unknown[])
				if (item && typeof item === 'object') visit(item as Record<string, unknown>);
		}
	}
	return [...ids];
}

async function nameBook(rows: RawTimelineEntry[]): Promise<NameBook> {
	const db = await getDb();
	const userIds = idsIn(rows, USER_FIELDS);
	const priorityIds = idsIn(rows, ['priorityId']);
	const serviceIds = idsIn(rows, ['serviceId']);
	const productIds = idsIn(rows, ['productId', 'newProductId']);
	const none = <T>(): Promise<T[]> => Promise.resolve([]);
	const [u, p, s, pr] = await Promise.all([
		userIds.length
			? db
					.select({ id: users.id, name: users.displayName })
					.from(users)
					.where(inArray(users.id, userIds))
			: none<{ id: number; name: string }>(),
		priorityIds.length
			? db
					.select({ id: priorities.id, fa: priorities.nameFa, en: priorities.nameEn })
					.from(priorities)
					.where(inArray(priorities.id, priorityIds))
			: [],
		serviceIds.length
			? db
					.select({ id: services.id, fa: services.nameFa, en: services.nameEn })
					.from(services)
					.where(inArray(services.id, serviceIds))
			: [],
		productIds.length
			? db
					.select({
						id: products.id,
						code: products.code,
						fa: products.nameFa,
						en: products.nameEn
					})
					.from(products)
					.where(inArray(products.id, productIds))
			: []
	]);
	return {
		users: new Map(u.map((r) => [r.id, r.name])),
		priorities: new Map(p.map((r) => [r.id, { fa: r.fa, en: r.en }])),
		services: new Map(s.map((r) => [r.id, { fa: r.fa, en: r.en }])),
		products: new Map(pr.map((r) => [r.id, { code: r.code, fa: r.fa, en: r.en }]))
	};
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null =>
	typeof v === 'number' && Number.isFinite(v)
		? v
		: typeof v === 'string' && /^\d+$/.test(v)
			? Number(v)
			: null;
/** A quantity from history as text; anything odd reads as one. */
const qty = (v: unknown): string =>
	typeof v === 'number' || typeof v === 'string' ? String(v) : '1';
const isStatus = (v: unknown): v is StatusKey =>
	typeof v === 'string' && (STATUSES as readonly string[]).includes(v);

function keyOr(key: string): MessageKey | null {
	return isMessageKey(key) ? key : null;
}

type FactWriters = {
	text: (label: MessageKey, value: unknown, ltr?: boolean) => void;
	user: (label: MessageKey, value: unknown) => void;
	date: (label: MessageKey, value: unknown) => void;
	key: (label: MessageKey, candidate: string) => void;
	rials: (label: MessageKey, value: unknown) => void;
	named: (label: MessageKey, value: Named | undefined) => void;
};

function writers(facts: TimelineFact[], names: NameBook): FactWriters {
	return {
		text: (label, value, ltr = false) => {
			const s = str(value);
			if (s) facts.push({ label, kind: 'text', text: s, ltr });
		},
		user: (label, value) => {
			const id = num(value);
			if (id !== null) facts.push({ label, kind: 'text', text: names.users.get(id) ?? `#${id}` });
		},
		date: (label, value) => {
			const d = typeof value === 'string' || value instanceof Date ? new Date(value) : null;
			if (d && !Number.isNaN(d.getTime())) facts.push({ label, kind: 'date', date: d });
		},
		key: (label, candidate) => {
			const k = keyOr(candidate);
			if (k) facts.push({ label, kind: 'key', key: k });
		},
		rials: (label, value) => {
			if (typeof value === 'string' && /^\d+$/.test(value))
				facts.push({ label, kind: 'rials', rials: value });
			else if (typeof value === 'number')
				facts.push({ label, kind: 'rials', rials: String(Math.round(value)) });
		},
		named: (label, value) => {
			if (value) facts.push({ label, kind: 'named', fa: value.fa, en: value.en });
		}
	};
}

/** Turns one history entry into what the timeline shows: a title, status badges and labelled facts. */
function describe(row: RawTimelineEntry, names: NameBook): TimelineEntry {
	const c = row.changes;
	const facts: TimelineFact[] = [];
	const w = writers(facts, names);
	const entry: TimelineEntry = {
		id: row.id,
		at: row.at,
		actorName: row.actor?.displayName ?? null,
		title: keyOr(`service.action.${row.action}`) ?? 'serviceUi.timeline.change',
		facts,
		request: { id: row.requestId, formNumber: row.formNumber }
	};
	switch (`${row.entityType}.${row.action}`) {
		case 'service_request.created':
			w.text('serviceUi.field.formNumber', c.formNumber, true);
			w.key('serviceUi.field.channel', `service.channel.${String(c.channel)}`);
			w.key('serviceUi.field.coverage', `service.coverage.${String(c.coverage)}`);
			break;
		case 'service_request.status_changed':
			if (isStatus(c.from)) entry.fromStatus = c.from;
			if (isStatus(c.to)) entry.toStatus = c.to;
			entry.title = keyOr(`service.move.${String(c.move)}`) ?? 'service.action.status_changed';
			w.text('serviceUi.field.reason', c.reason);
			if (c.to === 'cancelled' || c.to === 'returned_from_qc' || c.to === 'cost_rejected')
				entry.tone = 'bad';
			if (c.to === 'delivered' || c.to === 'replaced') entry.tone = 'good';
			break;
		case 'service_request.updated':
			for (const [field, change] of Object.entries(c)) {
				const to = (change as { to?: unknown } | null)?.to;
				const label = keyOr(`serviceUi.field.${field}`);
				if (!label) continue;
				if (field === 'expectedAt') w.date(label, to);
				else if (typeof to === 'boolean')
					facts.push({ label, kind: 'key', key: to ? 'common.yes' : 'common.no' });
				else w.text(label, to);
			}
			break;
		case 'service_request.flag_changed':
			facts.push({
				label: 'service.replacementFlag',
				kind: 'key',
				key: c.flagged ? 'common.yes' : 'common.no'
			});
			for (const reason of Array.isArray(c.reasons) ? c.reasons : []) {
				w.key('serviceUi.field.reason', `service.replacementReason.${String(reason)}`);
			}
			break;
		case 'service_order.issued':
			w.user('serviceUi.field.technician', c.technicianId);
			w.named('serviceUi.field.priority', names.priorities.get(num(c.priorityId) ?? 0));
			w.named('serviceUi.field.service', names.services.get(num(c.serviceId) ?? 0));
			w.date('serviceUi.field.dueAt', c.dueAt);
			break;
		case 'service_order.reassigned':
			w.user('serviceUi.field.previousTechnician', c.oldTechnicianId ?? c.previousTechnicianId);
			w.user('serviceUi.field.technician', c.newTechnicianId ?? c.technicianId);
			w.text('serviceUi.field.reason', c.reason);
			break;
		case 'estimate.declared':
			w.rials('serviceUi.field.total', c.totalRials);
			for (const line of Array.isArray(c.lines) ? (c.lines as Record<string, unknown>[]) : []) {
				const product = names.products.get(num(line.productId) ?? 0);
				const service = names.services.get(num(line.serviceId) ?? 0);
				const label = keyOr(`service.lineKind.${String(line.kind)}`) ?? 'serviceUi.field.part';
				const what = product
					? `${product.fa} / ${product.en}`
					: service
						? `${service.fa} / ${service.en}`
						: str(line.description);
				if (what) facts.push({ label, kind: 'text', text: `${what} × ${qty(line.quantity)}` });
			}
			w.text('serviceUi.field.note', c.note);
			break;
		case 'estimate.no_cost_declared':
			w.text('serviceUi.field.note', c.note);
			entry.tone = 'good';
			break;
		case 'estimate.answered': {
			const approved = c.decision === 'approve' || c.decision === 'approved';
			entry.title = approved
				? 'serviceUi.timeline.costApproved'
				: 'serviceUi.timeline.costRejected';
			entry.tone = approved ? 'good' : 'bad';
			if (typeof c.via === 'string') w.key('serviceUi.field.via', `service.answerVia.${c.via}`);
			w.text('serviceUi.field.note', c.note);
			break;
		}
		case 'work_log.submitted': {
			const minutes = num(c.durationMinutes);
			if (minutes !== null)
				facts.push({ label: 'serviceUi.field.durationMinutes', kind: 'number', number: minutes });
			w.text('serviceUi.field.description', c.description);
			for (const part of Array.isArray(c.parts) ? (c.parts as Record<string, unknown>[]) : []) {
				const product = names.products.get(num(part.productId) ?? 0);
				if (!product) continue;
				const serials = [str(part.newSerial), str(part.removedSerial)].filter(Boolean).join(' / ');
				facts.push({
					label: 'serviceUi.field.part',
					kind: 'text',
					text: `${product.code} × ${qty(part.quantity)}${serials ? ` (${serials})` : ''}`,
					ltr: true
				});
			}
			if (c.isRework === true)
				facts.push({ label: 'serviceUi.field.rework', kind: 'key', key: 'common.yes' });
			break;
		}
		case 'work_log.reviewed': {
			const approved = c.decision === 'approve' || c.decision === 'approved';
			entry.title = approved ? 'serviceUi.timeline.qcApproved' : 'serviceUi.timeline.qcRejected';
			entry.tone = approved ? 'good' : 'bad';
			const score = num(c.score);
			if (score !== null)
				facts.push({ label: 'serviceUi.field.score', kind: 'number', number: score });
			w.text('serviceUi.field.reason', c.reason);
			break;
		}
		case 'delivery.recorded':
			w.text('serviceUi.field.receivedBy', c.receivedByName);
			w.date('serviceUi.field.deliveredAt', c.deliveredAt);
			if (c.oneTimeCodeVerified === true)
				facts.push({ label: 'serviceUi.field.codeVerified', kind: 'key', key: 'common.yes' });
			entry.title = 'serviceUi.timeline.delivered';
			entry.tone = 'good';
			break;
		case 'replacement.recorded':
			w.text('serviceUi.field.newSerial', c.newSerial, true);
			w.text('serviceUi.field.reason', c.reason);
			w.date('serviceUi.field.warrantyEnd', c.warrantyEndsOn ?? c.warrantyEndAfter);
			entry.title = 'service.action.replaced';
			break;
		case 'attachment.added':
			w.text('serviceUi.field.file', c.fileName, true);
			break;
		default:
			w.text('serviceUi.field.reason', c.reason);
			w.text('serviceUi.field.note', c.note);
	}
	return entry;
}

/** Describes raw history entries with names resolved, oldest first. */
export async function describeTimeline(rows: RawTimelineEntry[]): Promise<TimelineEntry[]> {
	const names = await nameBook(rows);
	return mergeStatusChanges(
		rows,
		rows.map((row) => describe(row, names))
	);
}

const isStatusChange = (row: RawTimelineEntry) =>
	row.entityType === 'service_request' && row.action === 'status_changed';

/**
 * One step, one line: a status change written in the same transaction, by the same person, as
 * the document that caused it (an order, an estimate answer, a work log, a QC decision, a
 * hand-over) is shown on that document's line, as its from → to badges. Moves with no document
 * of their own (start repair, sorting, cancel) keep a line of their own.
 */
function mergeStatusChanges(rows: RawTimelineEntry[], entries: TimelineEntry[]): TimelineEntry[] {
	const sameStep = (a: RawTimelineEntry, b: RawTimelineEntry | undefined) =>
		b !== undefined &&
		!isStatusChange(b) &&
		b.action !== 'flag_changed' &&
		b.requestId === a.requestId &&
		b.actor?.id === a.actor?.id &&
		b.at.getTime() === a.at.getTime();
	const absorbed = new Set<number>();
	const taken = new Set<number>();
	rows.forEach((row, i) => {
		if (!isStatusChange(row)) return;
		const partner = [i - 1, i + 1].find((j) => sameStep(row, rows[j]) && !taken.has(j));
		if (partner === undefined) return;
		const target = entries[partner]!;
		const status = entries[i]!;
		target.fromStatus = status.fromStatus;
		target.toStatus = status.toStatus;
		target.facts.push(
			...status.facts.filter((f) => !target.facts.some((t) => t.label === f.label))
		);
		target.tone ??= status.tone;
		absorbed.add(i);
		taken.add(partner);
	});
	return entries.filter((_, i) => !absorbed.has(i));
}

/** A unit with its product, warranty, owner and requests, as its page heads it. */
export interface UnitView {
	id: number;
	serial: string;
	product: Named & { code: string };
	owner: { id: number; name: string; mobile: string } | null;
	warranty: { serial: string; endsOn: Date | null; active: boolean } | null;
	/** The unit this one replaced, and the one that replaced it. */
	replaces: { unitId: number; serial: string } | null;
	replacedBy: { unitId: number; serial: string } | null;
	requests: UnitRequestSummary[];
}

/** A unit's page header and its requests within the actor's scope; 404 when the unit does not exist. */
export async function getUnitView(actor: Actor, unitId: number): Promise<UnitView> {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const [unit] = await db
		.select({
			unit: units,
			code: products.code,
			fa: products.nameFa,
			en: products.nameEn,
			owner: { id: customers.id, name: customers.name, mobile: customers.mobile }
		})
		.from(units)
		.innerJoin(products, eq(products.id, units.productId))
		.leftJoin(customers, eq(customers.id, units.ownerId))
		.where(eq(units.id, unitId));
	if (!unit) throw notFound();
	const [warranty] = await db
		.select({ serial: warranties.serial, endsOn: warranties.endsOn, active: warranties.active })
		.from(warranties)
		.where(eq(warranties.unitId, unitId))
		.orderBy(desc(warranties.active), desc(warranties.id))
		.limit(1);
	const [successor] = await db
		.select({ unitId: units.id, serial: units.serial })
		.from(replacements)
		.innerJoin(units, eq(units.id, replacements.newUnitId))
		.where(eq(replacements.oldUnitId, unitId))
		.limit(1);
	const [predecessor] = unit.unit.replacesUnitId
		? await db
				.select({ unitId: units.id, serial: units.serial })
				.from(units)
				.where(eq(units.id, unit.unit.replacesUnitId))
		: [];
	return {
		id: unit.unit.id,
		serial: unit.unit.serial,
		product: { code: unit.code, fa: unit.fa, en: unit.en },
		owner: unit.owner?.id ? unit.owner : null,
		warranty: warranty ?? null,
		replaces: predecessor ?? null,
		replacedBy: successor ?? null,
		requests: await listUnitRequests(db, unitId, actor)
	};
}

/** Code and names of products by id (parts on estimates and work logs). */
export async function productNames(
	ids: number[]
): Promise<Record<number, Named & { code: string }>> {
	const unique = [...new Set(ids)];
	if (!unique.length) return {};
	const db = await getDb();
	const rows = await db
		.select({ id: products.id, code: products.code, fa: products.nameFa, en: products.nameEn })
		.from(products)
		.where(inArray(products.id, unique));
	return Object.fromEntries(rows.map((r) => [r.id, { code: r.code, fa: r.fa, en: r.en }]));
}

/** Display names of users by id (QC reviewers, assigners). */
export async function userNames(ids: (number | null)[]): Promise<Record<number, string>> {
	const unique = [...new Set(ids.filter((id): id is number => id !== null))];
	if (!unique.length) return {};
	const db = await getDb();
	const rows = await db
		.select({ id: users.id, name: users.displayName })
		.from(users)
		.where(inArray(users.id, unique));
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** What the technician's queue and the QC inbox show about each request besides the order. */
export interface RequestBrief {
	productId: number;
	product: Named & { code: string };
	unitSerial: string | null;
	complaint: string;
	status: StatusKey;
	version: number;
	/** QC's latest rejection, which a returned unit is reworked against. */
	lastRejection: { reason: string; score: number } | null;
	/** An estimate is waiting for the customer's answer. */
	pendingEstimate: boolean;
}

/** Briefs of requests by id (the caller has already scoped the ids). */
export async function requestBriefs(requestIds: number[]): Promise<Record<number, RequestBrief>> {
	const unique = [...new Set(requestIds)];
	if (!unique.length) return {};
	const db = await getDb();
	const rows = await db
		.select({
			id: serviceRequests.id,
			productId: products.id,
			code: products.code,
			fa: products.nameFa,
			en: products.nameEn,
			unitSerial: units.serial,
			complaint: serviceRequests.complaint,
			status: serviceRequests.status,
			version: serviceRequests.version
		})
		.from(serviceRequests)
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.leftJoin(units, eq(units.id, serviceRequests.unitId))
		.where(inArray(serviceRequests.id, unique));
	const rejections = await db
		.select({ requestId: qcReviews.requestId, reason: qcReviews.reason, score: qcReviews.score })
		.from(qcReviews)
		.where(and(inArray(qcReviews.requestId, unique), eq(qcReviews.decision, 'rejected')))
		.orderBy(desc(qcReviews.id));
	const pending = await db
		.select({ requestId: estimates.requestId })
		.from(estimates)
		.where(and(inArray(estimates.requestId, unique), eq(estimates.status, 'pending')));
	return Object.fromEntries(
		rows.map((r) => {
			const rejection = rejections.find((x) => x.requestId === r.id);
			return [
				r.id,
				{
					productId: r.productId,
					product: { code: r.code, fa: r.fa, en: r.en },
					unitSerial: r.unitSerial,
					complaint: r.complaint,
					status: r.status,
					version: r.version,
					lastRejection: rejection ? { reason: rejection.reason, score: rejection.score } : null,
					pendingEstimate: pending.some((p) => p.requestId === r.id)
				}
			];
		})
	);
}

/**
 * Reads a list page's filters from its address. A hand-edited or stale filter must not break
 * the page, so each invalid field is dropped rather than failing the whole query; repeated
 * fields (several statuses) are kept as arrays.
 */
export function readListFilters<S extends z.ZodObject>(
	schema: S,
	params: URLSearchParams
): { query: z.infer<S>; raw: Record<string, string | string[]> } {
	const raw: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key).filter((v) => v !== '');
		if (!values.length || !(key in schema.shape)) continue;
		raw[key] = values.length > 1 ? values : values[0]!;
	}
	const kept = Object.fromEntries(
		Object.entries(raw).filter(
			([key, value]) => (schema.shape[key] as z.ZodType).safeParse(value).success
		)
	);
	return {
		query: schema.parse(kept) as z.infer<S>,
		raw: kept as Record<string, string | string[]>
	};
}

/** A branch's working calendar from now on, so forms can preview an order's due time. */
export async function branchCalendar(branchId: number): Promise<BranchCalendar> {
	return loadBranchCalendar(await getDb(), branchId, new Date());
}

// ---------------------------------------------------------------------------------------------
// Bulk intake

/** One line of a bulk list as the preview shows it: what it will become, or why it cannot. */
export interface BulkPreviewLine {
	line: number;
	serial: string;
	/** Translated reason when the line is refused. */
	error: string | null;
	product: (Named & { code: string }) | null;
	coverage: Coverage | null;
}

class PreviewOnly extends Error {
	constructor(readonly result: BulkResult) {
		super('preview');
	}
}

/**
 * Checks a bulk list exactly as receiving it would, then rolls everything back: the preview
 * and the real intake can never disagree, and the rolled-back list number is given back.
 */
export async function previewBulkList(
	actor: Actor,
	raw: unknown,
	locale: Locale
): Promise<{ lines: BulkPreviewLine[]; errors: number }> {
	requirePermission(actor, 'requests', 'edit');
	const input = parseOrThrow(bulkIntakeSchema, raw);
	const source: BulkLine[] = input.lines?.length
		? input.lines.map((l, i) => ({ line: i + 1, ...l }))
		: parseBulkText(input.text ?? '');
	const lines: BulkPreviewLine[] = source.map((l) => ({
		line: l.line,
		serial: l.serial,
		error: null,
		product: null,
		coverage: null
	}));
	try {
		await inTransaction(actor, async (ctx) => {
			throw new PreviewOnly(await receiveBulkListInTx(ctx, input));
		});
	} catch (failure) {
		if (failure instanceof PreviewOnly) {
			const names = await productNames(failure.result.requests.map((r) => r.productId));
			failure.result.requests.forEach((request, i) => {
				if (!lines[i]) return;
				lines[i].product = names[request.productId] ?? null;
				lines[i].coverage = request.coverage;
			});
			return { lines, errors: 0 };
		}
		if (!(failure instanceof AppError) || failure.code !== 'bulk_invalid') throw failure;
		let errors = 0;
		for (const [path, field] of Object.entries(failure.fields ?? {})) {
			const index = Number(/^lines\.(\d+)\./.exec(path)?.[1]);
			if (!lines[index]) continue;
			if (!lines[index].error) errors += 1;
			lines[index].error = translate(locale, field.key, field.params);
		}
		return { lines, errors };
	}
	return { lines, errors: 0 };
}

/** A bulk intake list with its requests, for its page and printable dispatch list; 404 outside scope. */
export async function getRequestListView(actor: Actor, listId: number) {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const [row] = await db
		.select({
			list: requestLists,
			branch: { code: branches.code, fa: branches.nameFa, en: branches.nameEn },
			agencyName: agencies.name,
			createdByName: users.displayName
		})
		.from(requestLists)
		.innerJoin(branches, eq(branches.id, requestLists.branchId))
		.leftJoin(agencies, eq(agencies.id, requestLists.agencyId))
		.leftJoin(users, eq(users.id, requestLists.createdBy))
		.where(eq(requestLists.id, listId));
	if (!row) throw notFound();
	if (actor.user.branchId !== null && row.list.branchId !== actor.user.branchId) throw notFound();
	if (actor.user.agencyId !== null && row.list.agencyId !== actor.user.agencyId) throw notFound();
	const page = await listRequests(actor, { listId: String(listId), limit: '200' });
	return {
		id: row.list.id,
		listNumber: row.list.listNumber,
		channel: row.list.channel,
		delivererName: row.list.delivererName,
		note: row.list.note,
		createdAt: row.list.createdAt,
		branch: row.branch,
		agencyName: row.agencyName,
		createdByName: row.createdByName,
		requests: [...page.items].sort((a, b) => a.formNumber.localeCompare(b.formNumber))
	};
}
