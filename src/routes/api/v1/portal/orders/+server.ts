import { apiRoute } from '#lib/server/http/api';
import { listPortalOrders, portalOrderQuery } from '#lib/server/portal/portal';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: portalOrderQuery },
	({ actor, query }) => listPortalOrders(actor, query)
);
