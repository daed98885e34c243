import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { recordCustomerAnswer } from '#lib/server/service/estimates';
import { toJson } from '#lib/server/service/json';
import { estimateAnswerSchema } from '#lib/server/service/schemas';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'requests', level: 'edit' }, body: estimateAnswerSchema },
		async ({ actor, event, body }) =>
			toJson(await recordCustomerAnswer(actor, pathId(event.params.id), body))
	)
);
