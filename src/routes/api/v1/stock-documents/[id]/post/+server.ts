import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { postDocument } from '#lib/server/stock/documents';

export const POST = idempotent(
	apiRoute({ permission: { area: 'stock', level: 'edit' } }, async ({ actor, event }) =>
		toJson(await postDocument(actor, pathId(event.params.id)))
	)
);
