import { pathId } from '#lib/server/catalog/inputs';
import { customerUpdateSchema, getCustomer, updateCustomer } from '#lib/server/crm/customers';
import { apiRoute } from '#lib/server/http/api';
import { notFound } from '#lib/server/http/errors';
import { getAgencyCustomer } from '#lib/server/portal/portal';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' } },
	({ event, actor }) =>
		actor.user.agencyId
			? getAgencyCustomer(actor, pathId(event.params.id))
			: getCustomer(pathId(event.params.id))
);

export const PATCH = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: customerUpdateSchema },
	({ event, actor, body }) => {
		// Customer records are shared between agencies: an agency may not rewrite one.
		if (actor.user.agencyId) throw notFound();
		return updateCustomer(pathId(event.params.id), body, actor.user.id);
	}
);
