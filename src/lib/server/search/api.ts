/**
 * GET /api/v1/search/{requests|orders|work-logs}: the same parameters as the search pages, the
 * result as JSON, or with `format=csv|xlsx` every page of it as a streamed file.
 */
import { apiRoute } from '../http/api';
import { exportResponse } from './export';
import { AREA_OF, searchParsed } from './index';
import { exportFormatSchema, SEARCH_SCHEMAS, type SearchKind, type SearchParams } from './params';

/** The schema of a kind's API query: its search parameters plus the export format. */
export function apiQuerySchema(kind: SearchKind) {
	return SEARCH_SCHEMAS[kind].extend(exportFormatSchema.shape);
}

/** The GET handler of one kind's search endpoint. */
export function apiSearch(kind: SearchKind) {
	return apiRoute(
		{ permission: { area: AREA_OF[kind], level: 'view' }, query: apiQuerySchema(kind) },
		async ({ actor, query, locale }) => {
			const { format, ...params } = query as SearchParams & { format?: 'csv' | 'xlsx' };
			if (format) return exportResponse(actor, kind, params, format, locale);
			return searchParsed(actor, kind, params);
		}
	);
}
