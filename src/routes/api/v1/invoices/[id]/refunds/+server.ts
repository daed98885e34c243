import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { recordRefund } from '#lib/server/billing/credit-notes';
import { getInvoice, paymentSchema } from '#lib/server/billing/invoices';
import { toJson } from '#lib/server/service/json';

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'invoices', level: 'edit' }, body: paymentSchema },
		async ({ actor, event, body }) => {
			const id = pathId(event.params.id);
			await recordRefund(actor, id, body);
			return json(toJson(await getInvoice(actor, id)), { status: 201 });
		}
	)
);
