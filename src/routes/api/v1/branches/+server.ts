import { json } from '@sveltejs/kit';
import {
	branchCreateSchema,
	branchListQuery,
	createBranch,
	listBranches
} from '#lib/server/org/branches';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' }, query: branchListQuery },
	({ actor, query }) => listBranches(actor.user.branchId, query)
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: branchCreateSchema },
	async ({ actor, body }) =>
		json(await createBranch(actor.user.branchId, body, actor.user.id), { status: 201 })
);
