/**
 * GET /api/v1/reports/{durations|orders|status|quality|warranty}: the same filters as the report
 * pages; JSON by default, or the report as a file with `format=csv|xlsx`.
 */
import { z } from 'zod';
import { apiRoute } from '../http/api';
import { reportFileResponse, type ReportFormat } from './export';
import { filterSchemaOf, runReport, type ReportKey } from './index';

const formatShape = {
	format: z.preprocess(
		(v) => (Array.isArray(v) ? (v as unknown[])[v.length - 1] : v === '' ? undefined : v),
		z.enum(['csv', 'xlsx']).optional()
	)
};

/** The schema of a report's API query: its filters plus the export format. */
export function reportApiQuery(key: ReportKey) {
	return (filterSchemaOf(key) as z.ZodObject).extend(formatShape);
}

/** The GET handler of one report's endpoint. */
export function apiReport(key: ReportKey) {
	return apiRoute(
		{ permission: { area: 'reports', level: 'view' }, query: reportApiQuery(key) },
		async ({ actor, event, query, locale }) => {
			const { format } = query as { format?: ReportFormat };
			// runReport validates the filters itself, so it gets them as typed: parsed values (dates
			// already turned into instants) would not pass the day schema a second time.
			const { format: _format, ...filters } = Object.fromEntries(event.url.searchParams);
			const report = await runReport(actor, key, filters, locale);
			return format ? reportFileResponse(report, format, locale) : report;
		}
	);
}
