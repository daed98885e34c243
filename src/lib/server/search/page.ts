/**
 * What a search page loads and does, shared by /search/requests, /search/orders and
 * /search/work-logs so their routes stay three lines each.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { can } from '../auth/access';
import { requirePagePermission } from '../auth/guard';
import { formToObject, runAction } from '../http/forms';
import { cellsOf, COLUMNS, lookupsOf } from './columns';
import { getSearchEngine, AREA_OF, searchParsed } from './index';
import { loadSearchChoices, type Choice } from './options';
import {
	FILTERS_OF,
	parseLenient,
	SORTS_OF,
	STATUSES_OF,
	toQueryString,
	DEFAULT_SORT,
	type SearchKind
} from './params';
import { deleteSavedSearch, listSavedSearches, saveSearch } from './saved';
import { exportResponse } from './export';

const STATUS_PREFIX: Record<SearchKind, string> = {
	requests: 'service.status.',
	orders: 'service.orderStatus.',
	'work-logs': 'service.workLogStatus.'
};

/** Past due (open and over its due time) or resolved late: the same rule the SLA filter applies. */
function slaBreached(
	hit: { dueAt: string | null; resolvedAt: string | null; resolvedLate: boolean },
	now: Date
): boolean {
	return (
		hit.resolvedLate || (hit.resolvedAt === null && hit.dueAt !== null && new Date(hit.dueAt) < now)
	);
}

/** A labelled option of a filter select. */
export interface Option {
	value: string;
	label: string;
}

function options(list: Choice[], locale: Locale): Option[] {
	return list.map((c) => ({ value: String(c.id), label: locale === 'fa' ? c.nameFa : c.nameEn }));
}

/** Loads a search page: filters from the URL (invalid ones dropped and named), results, facets, choices. */
export async function loadSearchPage(event: RequestEvent, kind: SearchKind) {
	const actor = requirePagePermission(event, AREA_OF[kind], 'view');
	const locale = event.locals.locale;
	const { params, invalid } = parseLenient(kind, event.url.searchParams);
	const now = new Date();
	const [result, choices, saved] = await Promise.all([
		searchParsed(actor, kind, params, { now }),
		loadSearchChoices(actor),
		listSavedSearches(actor, kind)
	]);
	const names = lookupsOf(choices);
	const query = toQueryString(params);
	const statusLabel = (key: string) =>
		translate(locale, `${STATUS_PREFIX[kind]}${key}` as MessageKey);
	return {
		kind,
		engine: getSearchEngine().name,
		query,
		filters: Object.fromEntries(new URLSearchParams(toQueryString(params, { withCursor: true }))),
		filterNames: FILTERS_OF[kind],
		invalid,
		sort: params.sort ?? DEFAULT_SORT,
		sorts: SORTS_OF[kind],
		columns: COLUMNS[kind].map((c) => ({
			key: c.key,
			label: translate(locale, c.label),
			sort: c.sort ?? null,
			ltr: c.ltr ?? false
		})),
		rows: result.items.map((hit) => ({
			id: hit.id,
			requestId: hit.requestId,
			breached: slaBreached(hit, now),
			cells: cellsOf(kind, hit, { locale, medium: 'screen', names }).map(String)
		})),
		total: result.total ?? result.totalEstimate ?? 0,
		estimated: result.estimated,
		facets: STATUSES_OF[kind].map((key) => ({
			key,
			label: statusLabel(key),
			count: result.facets.status[key] ?? 0
		})),
		nextCursor: result.nextCursor,
		choices: {
			status: STATUSES_OF[kind].map((key) => ({ value: key, label: statusLabel(key) })),
			channel: ['in_person', 'online', 'phone', 'agent', 'sms', 'telegram'].map((key) => ({
				value: key,
				label: translate(locale, `service.channel.${key}` as MessageKey)
			})),
			branchId: options(choices.branches, locale),
			counterId: choices.counters.map((c) => ({ value: String(c.id), label: c.nameFa })),
			agencyId: options(choices.agencies, locale),
			technicianId: options(choices.technicians, locale),
			priorityId: options(choices.priorities, locale),
			serviceTypeId: options(choices.serviceTypes, locale)
		},
		saved: saved.map((s) => ({ id: s.id, name: s.name, query: s.query })),
		canExport: can(actor, AREA_OF[kind], 'view')
	};
}

/** Form actions of a search page: save the current search under a name, delete a saved one. */
export function searchPageActions(kind: SearchKind) {
	return {
		save: async (event: RequestEvent) => {
			const actor = requirePagePermission(event, AREA_OF[kind], 'view');
			const values = formToObject(await event.request.formData());
			return runAction(
				event.locals.locale,
				async () => {
					await saveSearch(actor, kind, values);
					return { saved: true };
				},
				values
			);
		},
		delete: async (event: RequestEvent) => {
			const actor = requirePagePermission(event, AREA_OF[kind], 'view');
			const values = formToObject(await event.request.formData());
			const id = Number(values.id);
			if (!Number.isSafeInteger(id) || id < 1)
				return fail(400, {
					message: translate(event.locals.locale, 'error.notFound'),
					fields: {},
					values
				});
			return runAction(
				event.locals.locale,
				async () => {
					await deleteSavedSearch(actor, id);
					return { deleted: true };
				},
				values
			);
		}
	};
}

/** The page's export link: every page of the current search as CSV or XLSX, in the user's language. */
export function exportFromPage(event: RequestEvent, kind: SearchKind): Response {
	const actor = requirePagePermission(event, AREA_OF[kind], 'view');
	const { params } = parseLenient(kind, event.url.searchParams);
	const format = event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	return exportResponse(actor, kind, params, format, event.locals.locale);
}
