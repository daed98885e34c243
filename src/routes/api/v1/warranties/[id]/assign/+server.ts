import { apiRoute } from '#lib/server/http/api';
import { notFound } from '#lib/server/http/errors';
import { warrantyAssignSchema } from '#lib/server/warranty/schemas';
import { assignWarranty, listAssignments } from '#lib/server/warranty/warranties';

export const POST = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyAssignSchema },
	async ({ event, body, actor }) => {
		const id = Number(event.params.id);
		if (!Number.isInteger(id) || id < 1) throw notFound();
		return {
			...(await assignWarranty(id, body, actor.user.id)),
			assignments: await listAssignments(id)
		};
	}
);
