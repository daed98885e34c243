import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { getInvoice } from '#lib/server/billing/invoices';
import { toJson } from '#lib/server/service/json';

export const GET = apiRoute(
	{ permission: { area: 'invoices', level: 'view' } },
	async ({ actor, event }) => toJson(await getInvoice(actor, pathId(event.params.id)))
);
