/** OpenAPI descriptions of the search endpoints. */
import { z } from 'zod';
import { registerEndpoint } from '../http/openapi';
import { apiQuerySchema } from './api';
import { AREA_OF } from './index';
import { SEARCH_KINDS } from './params';

const searchResult = z
	.object({
		items: z.array(z.record(z.string(), z.unknown())),
		total: z.number().int().optional().describe('Exact number of matches, when counted exactly'),
		totalEstimate: z
			.number()
			.int()
			.optional()
			.describe('Approximate number of matches for very large results'),
		estimated: z.boolean(),
		facets: z
			.object({ status: z.record(z.string(), z.number().int()) })
			.describe('Matches per status, without the status filter'),
		nextCursor: z
			.string()
			.nullable()
			.describe('Pass as `cursor` for the next page; null on the last page')
	})
	.meta({ id: 'SearchResult' });

const TITLES = {
	requests: 'service requests',
	orders: 'service orders',
	'work-logs': 'work logs'
} as const;

for (const kind of SEARCH_KINDS) {
	registerEndpoint({
		method: 'get',
		path: `/api/v1/search/${kind}`,
		summary: `Search ${TITLES[kind]}`,
		description:
			'Free text `q` understands Persian and Arabic letters and digits alike, half-spaces, any form of a mobile, and the ' +
			'last digits of a serial; serials are never typo-corrected. Results are limited to the caller’s branch and agency. ' +
			'With `format=csv` or `format=xlsx` every page of the result is streamed as a file instead of JSON.',
		tags: ['Search'],
		permission: { area: AREA_OF[kind], level: 'view' },
		query: apiQuerySchema(kind),
		response: searchResult
	});
}
