import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { receiveBulkList } from '#lib/server/service/bulk';
import { toJson } from '#lib/server/service/json';
import { bulkIntakeSchema } from '#lib/server/service/schemas';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'requests', level: 'edit' }, body: bulkIntakeSchema },
		async ({ actor, body }) => json(toJson(await receiveBulkList(actor, body)), { status: 201 })
	)
);
