import { pathId } from '#lib/server/catalog/inputs';
import { counterUpdateSchema, updateCounter } from '#lib/server/org/counters';
import { apiRoute } from '#lib/server/http/api';

export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: counterUpdateSchema },
	({ event, actor, body }) =>
		updateCounter(actor.user.branchId, pathId(event.params.id), body, actor.user.id)
);
