import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import {
	createDocument,
	documentFilterSchema,
	documentSchema,
	listDocuments
} from '#lib/server/stock/documents';

export const GET = apiRoute(
	{ permission: { area: 'stock', level: 'view' }, query: documentFilterSchema },
	async ({ actor, query }) => toJson(await listDocuments(actor, query))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'stock', level: 'edit' }, body: documentSchema },
		async ({ actor, body }) => json(toJson(await createDocument(actor, body)), { status: 201 })
	)
);
