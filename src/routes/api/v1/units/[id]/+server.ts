import { pathId } from '#lib/server/catalog/inputs';
import { getUnit, unitToJson, unitUpdateSchema, updateUnit } from '#lib/server/catalog/units';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute({ permission: { area: 'catalog', level: 'view' } }, async ({ event }) =>
	unitToJson(await getUnit(pathId(event.params.id)))
);

export const PATCH = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' }, body: unitUpdateSchema },
	async ({ event, actor, body }) =>
		unitToJson(await updateUnit(pathId(event.params.id), body, actor.user.id))
);
