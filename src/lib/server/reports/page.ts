/**
 * Page loads of /reports/*: the report for the URL's filters (fields that do not validate are
 * dropped and named rather than failing the page), the filter choices in the actor's scope, and
 * the query string the export links and the form start from.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { requirePagePermission } from '../auth/guard';
import { AppError } from '../http/errors';
import { loadSearchChoices } from '../search/options';
import { reportFileResponse } from './export';
import { filterSchemaOf, runReport, type ReportKey, type ReportResult } from './index';

export interface ReportPageData {
	key: ReportKey;
	report: ReportResult | null;
	/** The filters as typed/canonical strings for the form. */
	filters: Record<string, string>;
	/** Fields of the URL that did not validate (ignored). */
	invalid: string[];
	/** Message of a refused combination (end before start). */
	error: string | null;
	/** The query of the report as shown (for export links). */
	query: string;
	choices: Record<string, { value: string; label: string }[]>;
	/** Filters the actor's scope fixes (an agent's agency, a branch user's branch). */
	fixed: string[];
}

const FIELDS = [
	'from',
	'to',
	'branchId',
	'agencyId',
	'technicianId',
	'serviceTypeId',
	'priorityId',
	'days'
];

/** Loads one report page. */
export async function loadReportPage(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	key: ReportKey
): Promise<ReportPageData> {
	const actor = requirePagePermission(event, 'reports', 'view');
	const locale = event.locals.locale;
	const schema = filterSchemaOf(key) as z.ZodObject;
	const shape = schema.shape as Record<string, z.ZodType>;
	const kept: Record<string, string> = {};
	const invalid: string[] = [];
	for (const name of FIELDS) {
		const value = event.url.searchParams.get(name)?.trim();
		if (!value || !shape[name]) continue;
		if (shape[name].safeParse(value).success) kept[name] = value;
		else invalid.push(name);
	}
	let report: ReportResult;
	let error: string | null = null;
	try {
		report = await runReport(actor, key, kept, locale);
	} catch (caught) {
		if (!(caught instanceof AppError) || caught.status !== 422) throw caught;
		// The only refused combination is an end before the start: show the default period instead.
		const { to: _to, from: _from, ...rest } = kept;
		invalid.push('to');
		error = 'reports.validation.range';
		report = await runReport(actor, key, rest, locale);
	}
	const filters: Record<string, string> = {
		...kept,
		from: error ? report.period.from : (kept.from ?? report.period.from),
		to: error ? report.period.to : (kept.to ?? report.period.to)
	};
	const choices = await loadSearchChoices(actor);
	const options = (list: { id: number; nameFa: string; nameEn: string }[]) =>
		list.map((c) => ({ value: String(c.id), label: locale === 'fa' ? c.nameFa : c.nameEn }));
	const fixed = [
		...(actor.user.branchId !== null ? ['branchId'] : []),
		...(actor.user.agencyId !== null ? ['agencyId'] : [])
	];
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
	return {
		key,
		report,
		filters,
		invalid,
		error,
		query: query.toString(),
		choices: {
			branchId: options(choices.branches),
			agencyId: options(choices.agencies),
			technicianId: options(choices.technicians),
			serviceTypeId: options(choices.serviceTypes),
			priorityId: options(choices.priorities)
		},
		fixed
	};
}

/** The report of a page as a file in the page's language (`?format=csv|xlsx` plus its filters). */
export async function exportReportFromPage(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	key: ReportKey
): Promise<Response> {
	const data = await loadReportPage(event, key);
	const format = event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	return reportFileResponse(data.report!, format, event.locals.locale);
}
