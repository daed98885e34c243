import { pathId } from '#lib/server/catalog/inputs';
import { bomLineToJson, removeBomLine } from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';

export const DELETE = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' } },
	async ({ event, actor }) => ({
		items: (
			await removeBomLine(pathId(event.params.id), pathId(event.params.partId), actor.user.id)
		).map(bomLineToJson)
	})
);
