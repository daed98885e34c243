import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { getDocument } from '#lib/server/stock/documents';

export const GET = apiRoute(
	{ permission: { area: 'stock', level: 'view' } },
	async ({ actor, event }) => toJson(await getDocument(actor, pathId(event.params.id)))
);
