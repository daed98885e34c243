import { json } from '@sveltejs/kit';
import {
	counterCreateSchema,
	counterListQuery,
	createCounter,
	listCounters
} from '#lib/server/org/counters';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' }, query: counterListQuery },
	({ actor, query }) => listCounters(actor.user.branchId, query)
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: counterCreateSchema },
	async ({ actor, body }) =>
		json(await createCounter(actor.user.branchId, body, actor.user.id), { status: 201 })
);
