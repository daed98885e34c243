import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { declareEstimate } from '#lib/server/service/estimates';
import { toJson } from '#lib/server/service/json';
import { z } from 'zod';

export const POST = idempotent(
	apiRoute(
		// The service validates the body itself; parsing it here too would hand it already-parsed
		// amounts (bigint) that its schema refuses. The OpenAPI document describes estimateSchema.
		{ permission: { area: 'worklogs', level: 'edit' }, body: z.unknown() },
		async ({ actor, body }) => json(toJson(await declareEstimate(actor, body)), { status: 201 })
	)
);
