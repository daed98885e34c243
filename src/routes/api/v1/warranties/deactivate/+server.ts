import { apiRoute } from '#lib/server/http/api';
import { warrantyDeactivateSchema } from '#lib/server/warranty/schemas';
import { setWarrantiesActive } from '#lib/server/warranty/warranties';

export const POST = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyDeactivateSchema },
	async ({ body, actor }) =>
		setWarrantiesActive({ ids: body.ids, active: false, reason: body.reason }, actor.user.id)
);
