import { apiRoute } from '#lib/server/http/api';
import { listCreditNotes } from '#lib/server/billing/credit-notes';
import { toJson } from '#lib/server/service/json';

export const GET = apiRoute(
	{ permission: { area: 'invoices', level: 'view' } },
	async ({ actor }) => toJson(await listCreditNotes(actor, { limit: 200 }))
);
