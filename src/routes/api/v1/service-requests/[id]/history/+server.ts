import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { getRequestTimeline } from '#lib/server/service/timeline';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' } },
	async ({ actor, event }) => ({
		items: toJson(await getRequestTimeline(actor, pathId(event.params.id)))
	})
);
