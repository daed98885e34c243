import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { getCreditNote } from '#lib/server/billing/credit-notes';
import { toJson } from '#lib/server/service/json';

export const GET = apiRoute(
	{ permission: { area: 'invoices', level: 'view' } },
	async ({ actor, event }) => toJson(await getCreditNote(actor, pathId(event.params.id)))
);
