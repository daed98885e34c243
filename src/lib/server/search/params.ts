/**
 * Search parameters: one zod schema per search page, shared by the pages, the REST API, the
 * OpenAPI document and both engines. Every field takes what people type (any digits, Jalali or
 * ISO days, repeated or comma-separated values) and yields the canonical value.
 */
import { z } from 'zod';
import { jalaliToIsoDay } from '#lib/domain/day-input';
import { toJalali } from '#lib/domain/jalali';
import { STATUSES } from '#lib/domain/lifecycle';
import { day, flag, id, int, optional } from '../catalog/inputs';
import { CHANNELS, ORDER_STATUSES, WORK_LOG_STATUSES } from '../db/schema';

export const SEARCH_KINDS = ['requests', 'orders', 'work-logs'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Status keys of each kind's documents, in workflow order (their rank). */
export const STATUSES_OF: Record<SearchKind, readonly string[]> = {
	requests: STATUSES,
	orders: ORDER_STATUSES,
	'work-logs': WORK_LOG_STATUSES
};

/** Sort keys; a leading `-` sorts descending. Every key is completed by the id for keyset paging. */
export const SORT_KEYS = ['created', 'form', 'customer', 'status', 'duration'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const SORTS = SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = '-created';

/** Which sort keys a page offers (duration exists on work logs only). */
export const SORTS_OF: Record<SearchKind, readonly SortKey[]> = {
	requests: ['created', 'form', 'customer', 'status'],
	orders: ['created', 'form', 'customer', 'status'],
	'work-logs': ['created', 'form', 'customer', 'status', 'duration']
};

const last = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[v.length - 1] : v);

/** One value or many (repeated field or comma-separated) from a fixed list. */
function oneOrMany<T extends readonly [string, ...string[]]>(values: T) {
	return z.preprocess(
		(v: unknown): unknown => {
			if (v === undefined || v === null || v === '') return undefined;
			const list = (Array.isArray(v) ? (v as unknown[]) : [v]).flatMap((x): unknown[] =>
				typeof x === 'string' ? x.split(',') : [x]
			);
			const cleaned = list
				.map((x) => (typeof x === 'string' ? x.trim() : x))
				.filter((x) => x !== '');
			return cleaned.length ? [...new Set(cleaned)] : undefined;
		},
		z.array(z.enum(values)).max(values.length).optional()
	);
}

/** A single text field; a repeated query field keeps its last value. */
function searchText(max: number) {
	return z.preprocess(
		(v: unknown): unknown => {
			const value = last(v);
			return typeof value === 'string' ? value.trim() : value;
		},
		optional(z.string().max(max, 'validation.tooLong'))
	);
}

const single = <T extends z.ZodType>(schema: T) => z.preprocess(last, schema);

const common = {
	/** Free text: number, serials, customer name and mobile, deliverer, complaint, product and part names. */
	q: searchText(200),
	productSerial: searchText(64),
	warrantySerial: searchText(64),
	partName: searchText(100),
	customerName: searchText(100),
	formNumber: searchText(64),
	listNumber: searchText(64),
	delivererName: searchText(100),
	serviceTypeId: single(optional(id)),
	channel: oneOrMany(CHANNELS),
	/** Reception date range (of the request), both ends inclusive. */
	receivedFrom: single(optional(day)),
	receivedTo: single(optional(day)),
	/** Order date range (the request's current order, or the order itself). */
	orderedFrom: single(optional(day)),
	orderedTo: single(optional(day)),
	/** Reached the product-replacement threshold (آستانهٔ تعویض). */
	replacementFlag: single(optional(flag)),
	branchId: single(optional(id)),
	counterId: single(optional(id)),
	technicianId: single(optional(id)),
	priorityId: single(optional(id)),
	agencyId: single(optional(id)),
	/** In or out of warranty at reception. */
	warranty: single(optional(z.enum(['in', 'out']))),
	slaBreached: single(optional(flag)),
	cursor: single(optional(z.string().max(500))),
	limit: single(optional(int(1, 200)))
};

export const requestSearchSchema = z
	.object({ ...common, status: oneOrMany(STATUSES), sort: single(optional(z.enum(SORTS))) })
	.meta({ id: 'RequestSearch' });

export const orderSearchSchema = z
	.object({ ...common, status: oneOrMany(ORDER_STATUSES), sort: single(optional(z.enum(SORTS))) })
	.meta({ id: 'OrderSearch' });

export const workLogSearchSchema = z
	.object({
		...common,
		status: oneOrMany(WORK_LOG_STATUSES),
		/** Date range of the work log itself. */
		loggedFrom: single(optional(day)),
		loggedTo: single(optional(day)),
		sort: single(optional(z.enum(SORTS)))
	})
	.meta({ id: 'WorkLogSearch' });

export const SEARCH_SCHEMAS = {
	requests: requestSearchSchema,
	orders: orderSearchSchema,
	'work-logs': workLogSearchSchema
} as const;

export type RequestSearch = z.infer<typeof requestSearchSchema>;
export type OrderSearch = z.infer<typeof orderSearchSchema>;
export type WorkLogSearch = z.infer<typeof workLogSearchSchema>;
/** The parameters every engine reads; fields a page does not offer are simply absent. */
export type SearchParams = RequestSearch &
	Partial<Pick<WorkLogSearch, 'loggedFrom' | 'loggedTo'>> & { status?: string[] };

/** Export formats of the API and the pages. */
export const exportFormatSchema = z.object({ format: single(optional(z.enum(['csv', 'xlsx']))) });

/** Which parameters a page offers, in panel order (its filter panel shows exactly these). */
export const FILTERS_OF: Record<SearchKind, readonly string[]> = {
	requests: [
		'formNumber',
		'listNumber',
		'productSerial',
		'warrantySerial',
		'customerName',
		'delivererName',
		'partName',
		'status',
		'channel',
		'serviceTypeId',
		'branchId',
		'counterId',
		'agencyId',
		'technicianId',
		'priorityId',
		'warranty',
		'replacementFlag',
		'slaBreached',
		'received',
		'ordered'
	],
	orders: [
		'formNumber',
		'listNumber',
		'productSerial',
		'warrantySerial',
		'customerName',
		'delivererName',
		'partName',
		'status',
		'technicianId',
		'priorityId',
		'serviceTypeId',
		'channel',
		'branchId',
		'counterId',
		'agencyId',
		'warranty',
		'replacementFlag',
		'slaBreached',
		'ordered',
		'received'
	],
	'work-logs': [
		'formNumber',
		'listNumber',
		'productSerial',
		'warrantySerial',
		'partName',
		'customerName',
		'delivererName',
		'status',
		'technicianId',
		'serviceTypeId',
		'priorityId',
		'channel',
		'branchId',
		'counterId',
		'agencyId',
		'warranty',
		'replacementFlag',
		'slaBreached',
		'logged',
		'ordered',
		'received'
	]
};

/** The Gregorian ISO day (Tehran) of an instant, as filter dates travel in URLs. */
export function isoDayOf(date: Date): string {
	return jalaliToIsoDay(toJalali(date));
}

const DATE_FIELDS = [
	'receivedFrom',
	'receivedTo',
	'orderedFrom',
	'orderedTo',
	'loggedFrom',
	'loggedTo'
];

/**
 * Canonical query string of parsed parameters (ISO days, comma-joined lists, no defaults), so a
 * search reads back the same from a bookmark, a reload or a saved search.
 */
export function toQueryString(
	params: Record<string, unknown>,
	options: { withCursor?: boolean } = {}
): string {
	const out = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined || value === null || value === '') continue;
		if (key === 'cursor' && !options.withCursor) continue;
		if (key === 'sort' && value === DEFAULT_SORT) continue;
		if (value instanceof Date)
			out.set(key, DATE_FIELDS.includes(key) ? isoDayOf(value) : value.toISOString());
		else if (Array.isArray(value)) {
			if (value.length) out.set(key, value.join(','));
		} else out.set(key, String(value as string | number | boolean));
	}
	return out.toString();
}

/** Parses a page's URL query, dropping (and naming) fields that do not validate instead of failing. */
export function parseLenient(
	kind: SearchKind,
	query: URLSearchParams
): { params: SearchParams; invalid: string[] } {
	const schema = SEARCH_SCHEMAS[kind];
	const raw: Record<string, unknown> = {};
	for (const key of new Set(query.keys())) {
		const values = query.getAll(key);
		raw[key] = values.length > 1 ? values : values[0];
	}
	const invalid: string[] = [];
	const shape = schema.shape as Record<string, z.ZodType>;
	const kept: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(raw)) {
		const field = shape[key];
		if (!field) continue;
		if (field.safeParse(value).success) kept[key] = value;
		else invalid.push(key);
	}
	return { params: schema.parse(kept) as SearchParams, invalid };
}
