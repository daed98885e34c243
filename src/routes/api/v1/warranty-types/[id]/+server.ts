import { apiRoute } from '#lib/server/http/api';
import { notFound } from '#lib/server/http/errors';
import { warrantyTypeUpdateSchema } from '#lib/server/warranty/schemas';
import { getWarrantyType, updateWarrantyType } from '#lib/server/warranty/types';

function idOf(value: string): number {
	const id = Number(value);
	if (!Number.isInteger(id) || id < 1) throw notFound();
	return id;
}

export const GET = apiRoute(
	{ permission: { area: 'warranty', level: 'view' } },
	async ({ event }) => getWarrantyType(idOf(event.params.id!))
);

export const PATCH = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, body: warrantyTypeUpdateSchema },
	async ({ event, body, actor }) => updateWarrantyType(idOf(event.params.id!), body, actor.user.id)
);
