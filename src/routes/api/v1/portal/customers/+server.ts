import { json } from '@sveltejs/kit';
import { customerCreateSchema } from '#lib/server/crm/customers';
import { apiRoute } from '#lib/server/http/api';
import {
	createAgencyCustomer,
	listAgencyCustomers,
	portalCustomerQuery
} from '#lib/server/portal/portal';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: portalCustomerQuery },
	({ actor, query }) => listAgencyCustomers(actor, query)
);

// A mobile already on file is linked to the agency (201 with `existed: true`), never refused
// with another agency's details.
export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: customerCreateSchema },
	async ({ actor, body }) => json(await createAgencyCustomer(actor, body), { status: 201 })
);
