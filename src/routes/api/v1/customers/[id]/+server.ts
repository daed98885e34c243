import { pathId } from '#lib/server/catalog/inputs';
import { customerUpdateSchema, getCustomer, updateCustomer } from '#lib/server/crm/customers';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute({ permission: { area: 'requests', level: 'view' } }, ({ event }) =>
	getCustomer(pathId(event.params.id))
);

export const PATCH = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: customerUpdateSchema },
	({ event, actor, body }) => updateCustomer(pathId(event.params.id), body, actor.user.id)
);
