import { pathId } from '#lib/server/catalog/inputs';
import { apiRoute } from '#lib/server/http/api';
import { requireAgency } from '#lib/server/portal/portal';
import { getRequestListView } from '#lib/server/service/ui-queries';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' } },
	({ actor, event }) => {
		requireAgency(actor);
		return getRequestListView(actor, pathId(event.params.id));
	}
);
