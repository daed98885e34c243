import { json } from '@sveltejs/kit';
import { mapPage } from '#lib/server/catalog/paging';
import {
	createUnit,
	listUnits,
	unitCreateSchema,
	unitListQuery,
	unitToJson
} from '#lib/server/catalog/units';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' }, query: unitListQuery },
	async ({ query }) => mapPage(await listUnits(query), unitToJson)
);

export const POST = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: unitCreateSchema },
	async ({ actor, body }) =>
		json(unitToJson(await createUnit(body, actor.user.id)), { status: 201 })
);
