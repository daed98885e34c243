import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { returnMonthScrap, scrapBatchSchema } from '#lib/server/stock/scrap-batch';
import { toJson } from '#lib/server/service/json';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'stock', level: 'edit' }, body: scrapBatchSchema },
		async ({ actor, body }) => json(toJson(await returnMonthScrap(actor, body)), { status: 201 })
	)
);
