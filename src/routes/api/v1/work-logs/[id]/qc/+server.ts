import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { qcReviewSchema } from '#lib/server/service/schemas';
import { qcReview } from '#lib/server/service/work';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'qc', level: 'edit' }, body: qcReviewSchema },
		async ({ actor, event, body }) =>
			json(toJson(await qcReview(actor, pathId(event.params.id), body)), { status: 201 })
	)
);
