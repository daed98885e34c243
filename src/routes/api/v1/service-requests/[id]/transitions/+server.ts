import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { applyTransition } from '#lib/server/service/closing';
import { toJson } from '#lib/server/service/json';
import { transitionSchema } from '#lib/server/service/schemas';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'requests', level: 'view' }, body: transitionSchema },
		async ({ actor, event, body }) =>
			toJson(await applyTransition(actor, pathId(event.params.id), body))
	)
);
