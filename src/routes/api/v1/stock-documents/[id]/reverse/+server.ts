import { z } from 'zod';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { reverseDocument } from '#lib/server/stock/documents';

export const POST = idempotent(
	apiRoute(
		{
			permission: { area: 'stock', level: 'manage' },
			body: z.object({ note: z.string().max(500).optional() })
		},
		async ({ actor, event, body }) =>
			toJson(await reverseDocument(actor, pathId(event.params.id), body))
	)
);
