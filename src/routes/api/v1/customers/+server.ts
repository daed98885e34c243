import { json } from '@sveltejs/kit';
import {
	createCustomer,
	customerCreateSchema,
	customerListQuery,
	searchCustomers
} from '#lib/server/crm/customers';
import { apiRoute } from '#lib/server/http/api';
import { createAgencyCustomer, listAgencyCustomers } from '#lib/server/portal/portal';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: customerListQuery },
	// Agency users see their own customers only (those they registered or sent in).
	({ actor, query }) =>
		actor.user.agencyId ? listAgencyCustomers(actor, query) : searchCustomers(query)
);

// A mobile already on file answers 409 with `error.existing` = { id, name, mobile } to offer instead.
export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: customerCreateSchema },
	async ({ actor, body }) =>
		actor.user.agencyId
			? json((await createAgencyCustomer(actor, body)).customer, { status: 201 })
			: json(await createCustomer(body, actor.user.id), { status: 201 })
);
