import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { pathId } from '#lib/server/catalog/inputs';
import {
	createCreditNote,
	creditNoteSchema,
	listCreditNotes
} from '#lib/server/billing/credit-notes';
import { toJson } from '#lib/server/service/json';

export const GET = apiRoute(
	{ permission: { area: 'invoices', level: 'view' } },
	async ({ actor, event }) =>
		toJson(await listCreditNotes(actor, { invoiceId: pathId(event.params.id) }))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'invoices', level: 'edit' }, body: creditNoteSchema },
		async ({ actor, event, body }) =>
			json(toJson(await createCreditNote(actor, pathId(event.params.id), body)), { status: 201 })
	)
);
