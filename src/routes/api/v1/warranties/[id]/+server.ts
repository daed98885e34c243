import { apiRoute } from '#lib/server/http/api';
import { notFound } from '#lib/server/http/errors';
import { warrantyUpdateSchema } from '#lib/server/warranty/schemas';
import { getWarranty, listAssignments, updateWarranty } from '#lib/server/warranty/warranties';

function idOf(value: string): number {
	const id = Number(value);
	if (!Number.isInteger(id) || id < 1) throw notFound();
	return id;
}

export const GET = apiRoute(
	{ permission: { area: 'warranty', level: 'view' } },
	async ({ event }) => {
		const id = idOf(event.params.id!);
		return { ...(await getWarranty(id)), assignments: await listAssignments(id) };
	}
);

export const PATCH = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyUpdateSchema },
	async ({ event, body, actor }) => updateWarranty(idOf(event.params.id!), body, actor.user.id)
);
