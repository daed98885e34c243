import { apiRoute } from '#lib/server/http/api';
import { journalList, rangeSchema } from '#lib/server/billing/reports';
import { toJson } from '#lib/server/service/json';

export const GET = apiRoute(
	{ permission: { area: 'reports', level: 'view' }, query: rangeSchema },
	async ({ actor, event }) =>
		toJson(await journalList(actor, Object.fromEntries(event.url.searchParams)))
);
