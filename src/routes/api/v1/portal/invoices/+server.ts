import { apiRoute } from '#lib/server/http/api';
import { listAgencyInvoices, monthQuery } from '#lib/server/portal/portal';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: monthQuery },
	({ actor, query }) => listAgencyInvoices(actor, query)
);
