import { pathId } from '#lib/server/catalog/inputs';
import { redirect } from '@sveltejs/kit';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { warrantyTypeCreateSchema, warrantyTypeUpdateSchema } from '#lib/server/warranty/schemas';
import {
	createWarrantyType,
	listWarrantyTypes,
	updateWarrantyType
} from '#lib/server/warranty/types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePagePermission(event, 'warranty', 'view');
	const types = await listWarrantyTypes();
	const editId = Number(event.url.searchParams.get('edit'));
	return {
		types,
		editing: types.find((t) => t.id === editId) ?? null,
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const raw = formToObject(await event.request.formData());
		const result = await runAction(
			event.locals.locale,
			async () => createWarrantyType(parseOrThrow(warrantyTypeCreateSchema, raw), actor.user.id),
			raw
		);
		if ('id' in result) redirect(303, '/warranty/types?saved');
		return result;
	},
	update: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const raw = formToObject(await event.request.formData());
		const result = await runAction(
			event.locals.locale,
			async () =>
				updateWarrantyType(
					pathId(String(raw.id)),
					parseOrThrow(warrantyTypeUpdateSchema, raw),
					actor.user.id
				),
			raw
		);
		if ('id' in result) redirect(303, '/warranty/types?saved');
		return result;
	}
};
