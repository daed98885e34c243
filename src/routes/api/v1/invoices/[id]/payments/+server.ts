import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { paymentSchema, recordPayment } from '#lib/server/billing/invoices';
import { toJson } from '#lib/server/service/json';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'invoices', level: 'edit' }, body: paymentSchema },
		async ({ actor, event, body }) =>
			json(toJson(await recordPayment(actor, pathId(event.params.id), body)), { status: 201 })
	)
);
