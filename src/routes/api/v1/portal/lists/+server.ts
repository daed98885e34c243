import { apiRoute } from '#lib/server/http/api';
import { listPortalLists } from '#lib/server/portal/portal';

// New lists are sent with POST /api/v1/service-requests/bulk (the agency is taken from the token).
export const GET = apiRoute({ permission: { area: 'requests', level: 'view' } }, ({ actor }) =>
	listPortalLists(actor)
);
