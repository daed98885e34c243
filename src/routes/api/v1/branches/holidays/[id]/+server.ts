import { pathId } from '#lib/server/catalog/inputs';
import { removeHoliday } from '#lib/server/org/branches';
import { apiRoute } from '#lib/server/http/api';

export const DELETE = apiRoute(
	{ permission: { area: 'admin', level: 'manage' } },
	async ({ event, actor }) => {
		await removeHoliday(actor.user.branchId, pathId(event.params.id), actor.user.id);
		return new Response(null, { status: 204 });
	}
);
