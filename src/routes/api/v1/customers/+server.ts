import { json } from '@sveltejs/kit';
import {
	createCustomer,
	customerCreateSchema,
	customerListQuery,
	searchCustomers
} from '#lib/server/crm/customers';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: customerListQuery },
	({ query }) => searchCustomers(query)
);

// A mobile already on file answers 409 with `error.existing` = { id, name, mobile } to offer instead.
export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: customerCreateSchema },
	async ({ actor, body }) => json(await createCustomer(body, actor.user.id), { status: 201 })
);
