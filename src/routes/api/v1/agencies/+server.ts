import { json } from '@sveltejs/kit';
import {
	agencyCreateSchema,
	agencyListQuery,
	createAgency,
	listAgencies
} from '#lib/server/org/agencies';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' }, query: agencyListQuery },
	({ actor, query }) => listAgencies(actor.user.branchId, query)
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: agencyCreateSchema },
	async ({ actor, body }) =>
		json(await createAgency(actor.user.branchId, body, actor.user.id), { status: 201 })
);
