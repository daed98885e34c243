import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { getRequestDetail } from '#lib/server/service/queries';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' } },
	async ({ actor, event }) => toJson(await getRequestDetail(actor, pathId(event.params.id)))
);
