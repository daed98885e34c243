import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import { postCreditNote } from '#lib/server/billing/credit-notes';
import { toJson } from '#lib/server/service/json';

export const POST = idempotent(
	apiRoute({ permission: { area: 'invoices', level: 'edit' } }, async ({ actor, event }) =>
		toJson(await postCreditNote(actor, pathId(event.params.id)))
	)
);
