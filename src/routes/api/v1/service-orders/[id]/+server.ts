import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { reassignOrder } from '#lib/server/service/orders';
import { reassignOrderSchema } from '#lib/server/service/schemas';

// Reassigning answers with the new order that carries the work on; the old one is `reassigned`.
export const PATCH = idempotent(
	apiRoute(
		{ permission: { area: 'orders', level: 'edit' }, body: reassignOrderSchema },
		async ({ actor, event, body }) =>
			toJson(await reassignOrder(actor, pathId(event.params.id), body))
	)
);
