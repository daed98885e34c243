import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import {
	createInvoiceFromEstimate,
	invoiceFromEstimateSchema,
	listInvoices
} from '#lib/server/billing/invoices';
import { toJson } from '#lib/server/service/json';

export const GET = apiRoute(
	{ permission: { area: 'invoices', level: 'view' } },
	async ({ actor, event }) =>
		toJson(await listInvoices(actor, Object.fromEntries(event.url.searchParams)))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'invoices', level: 'edit' }, body: invoiceFromEstimateSchema },
		async ({ actor, body }) =>
			json(toJson(await createInvoiceFromEstimate(actor, body)), { status: 201 })
	)
);
