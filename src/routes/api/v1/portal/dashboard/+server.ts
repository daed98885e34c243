import { apiRoute } from '#lib/server/http/api';
import { getPortalDashboard } from '#lib/server/portal/portal';

export const GET = apiRoute({ permission: { area: 'requests', level: 'view' } }, ({ actor }) =>
	getPortalDashboard(actor)
);
