import { apiRoute } from '#lib/server/http/api';
import { warrantyActivateSchema } from '#lib/server/warranty/schemas';
import { setWarrantiesActive } from '#lib/server/warranty/warranties';

export const POST = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyActivateSchema },
	async ({ body, actor }) => setWarrantiesActive({ ids: body.ids, active: true }, actor.user.id)
);
