import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { declareEstimate } from '#lib/server/service/estimates';
import { toJson } from '#lib/server/service/json';
import { estimateSchema } from '#lib/server/service/schemas';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'worklogs', level: 'edit' }, body: estimateSchema },
		async ({ actor, body }) => json(toJson(await declareEstimate(actor, body)), { status: 201 })
	)
);
