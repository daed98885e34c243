import { apiRoute } from '#lib/server/http/api';
import { listAgencyScrap, monthQuery } from '#lib/server/portal/portal';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: monthQuery },
	({ actor, query }) => listAgencyScrap(actor, query)
);
