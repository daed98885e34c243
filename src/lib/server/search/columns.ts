/**
 * The visible columns of each search page, and how a hit reads in each: on screen (Jalali dates
 * and Persian digits in the Persian UI) and in an exported file (sortable dates, plain numbers).
 * The page table and the CSV/XLSX exports use the same list, so an export has the columns shown.
 */
import { formatDate, formatJalaliDate } from '#lib/domain/jalali';
import { formatMobileForDisplay } from '#lib/domain/mobile';
import { formatNumber } from '#lib/domain/text';
import { isoDayOf } from './params';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import type { AnyHit } from './engine';
import type { Choice, SearchChoices } from './options';
import type { SearchKind, SortKey } from './params';

export type Medium = 'screen' | 'file';

export interface Column {
	key: string;
	label: MessageKey;
	/** The sort key clicking the header applies, when the column is sortable. */
	sort?: SortKey;
	/** Identifiers and numbers read left to right even in the Persian UI. */
	ltr?: boolean;
	value: (hit: AnyHit, ctx: CellContext) => string | number;
}

export interface CellContext {
	locale: Locale;
	medium: Medium;
	names: Lookups;
}

type Lookups = Record<'branches' | 'technicians' | 'priorities', Map<number, Choice>>;

/** Id → name maps of the filter choices, for naming ids in cells. */
export function lookupsOf(choices: SearchChoices): Lookups {
	const map = (list: Choice[]) => new Map(list.map((c) => [c.id, c]));
	return {
		branches: map(choices.branches),
		technicians: map(choices.technicians),
		priorities: map(choices.priorities)
	};
}

const field = <K extends string>(hit: AnyHit, key: K) =>
	(hit as unknown as Record<K, unknown>)[key];

function date(value: string | null, ctx: CellContext): string {
	if (!value) return '';
	const d = new Date(value);
	if (ctx.medium === 'file') return ctx.locale === 'fa' ? formatJalaliDate(d) : isoDayOf(d);
	return formatDate(d, ctx.locale);
}

function named(map: Map<number, Choice>, id: unknown, ctx: CellContext): string {
	if (typeof id !== 'number') return '';
	const found = map.get(id);
	if (!found) return `#${id}`;
	return ctx.locale === 'fa' ? found.nameFa : found.nameEn;
}

function product(hit: AnyHit, ctx: CellContext): string {
	return ctx.locale === 'fa' ? hit.productNameFa : hit.productNameEn;
}

const STATUS_PREFIX: Record<SearchKind, string> = {
	requests: 'service.status.',
	orders: 'service.orderStatus.',
	'work-logs': 'service.workLogStatus.'
};

function statusColumn(kind: SearchKind): Column {
	return {
		key: 'status',
		label: 'search.col.status',
		sort: 'status',
		value: (hit, ctx) => translate(ctx.locale, `${STATUS_PREFIX[kind]}${hit.status}` as MessageKey)
	};
}

const formNumber: Column = {
	key: 'formNumber',
	label: 'search.col.formNumber',
	sort: 'form',
	ltr: true,
	value: (h) => h.formNumber
};
const customer: Column = {
	key: 'customer',
	label: 'search.col.customer',
	sort: 'customer',
	value: (h) => h.customerName
};
const mobile: Column = {
	key: 'mobile',
	label: 'search.col.mobile',
	ltr: true,
	value: (h, ctx) =>
		h.customerMobile
			? formatMobileForDisplay(h.customerMobile, {
					digits: ctx.locale === 'fa' && ctx.medium === 'screen' ? 'fa' : 'latin'
				})
			: ''
};
const productColumn: Column = { key: 'product', label: 'search.col.product', value: product };
const serial: Column = {
	key: 'serial',
	label: 'search.col.serial',
	ltr: true,
	value: (h) => h.unitSerial ?? ''
};
const branch: Column = {
	key: 'branch',
	label: 'search.col.branch',
	value: (h, ctx) => named(ctx.names.branches, h.branchId, ctx)
};
const technician: Column = {
	key: 'technician',
	label: 'search.col.technician',
	value: (h, ctx) => named(ctx.names.technicians, h.technicianId, ctx)
};
const priority: Column = {
	key: 'priority',
	label: 'search.col.priority',
	value: (h, ctx) => named(ctx.names.priorities, h.priorityId, ctx)
};
const coverage: Column = {
	key: 'coverage',
	label: 'search.col.coverage',
	value: (h, ctx) => translate(ctx.locale, `service.coverage.${h.coverage}` as MessageKey)
};
const channel: Column = {
	key: 'channel',
	label: 'search.col.channel',
	value: (h, ctx) => translate(ctx.locale, `service.channel.${h.channel}` as MessageKey)
};
const received: Column = {
	key: 'receivedAt',
	label: 'search.col.receivedAt',
	sort: 'created',
	value: (h, ctx) => date(h.receivedAt, ctx)
};

/** The columns of each page, in order. */
export const COLUMNS: Record<SearchKind, Column[]> = {
	requests: [
		formNumber,
		received,
		customer,
		mobile,
		productColumn,
		serial,
		statusColumn('requests'),
		channel,
		coverage,
		branch,
		technician
	],
	orders: [
		formNumber,
		{
			key: 'orderedAt',
			label: 'search.col.orderedAt',
			sort: 'created',
			value: (h, ctx) => date(h.createdAt, ctx)
		},
		technician,
		priority,
		{ key: 'dueAt', label: 'search.col.dueAt', value: (h, ctx) => date(h.dueAt, ctx) },
		statusColumn('orders'),
		customer,
		productColumn,
		serial,
		branch
	],
	'work-logs': [
		formNumber,
		{
			key: 'loggedAt',
			label: 'search.col.loggedAt',
			sort: 'created',
			value: (h, ctx) => date(h.createdAt, ctx)
		},
		technician,
		{
			key: 'duration',
			label: 'search.col.duration',
			sort: 'duration',
			value: (h, ctx) => {
				const minutes = Number(field(h, 'durationMinutes') ?? 0);
				return ctx.medium === 'file' ? minutes : formatNumber(minutes, ctx.locale);
			}
		},
		{ key: 'parts', label: 'search.col.parts', value: (h) => h.partNames },
		{
			key: 'description',
			label: 'search.col.description',
			value: (h) => ((d) => (typeof d === 'string' ? d : ''))(field(h, 'description'))
		},
		statusColumn('work-logs'),
		customer,
		productColumn,
		branch
	]
};

/** Header labels of a page's columns in a locale. */
export function columnLabels(kind: SearchKind, locale: Locale): string[] {
	return COLUMNS[kind].map((c) => translate(locale, c.label));
}

/** One row of cells for a hit. */
export function cellsOf(kind: SearchKind, hit: AnyHit, ctx: CellContext): (string | number)[] {
	return COLUMNS[kind].map((c) => c.value(hit, ctx));
}
