import { redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { AppError, parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { lookupWarranty } from '#lib/server/warranty/lookup';
import {
	warrantyActivateSchema,
	warrantyCreateSchema,
	warrantyDeactivateSchema,
	warrantyListQuerySchema
} from '#lib/server/warranty/schemas';
import { listWarrantyTypes } from '#lib/server/warranty/types';
import {
	createWarranty,
	listWarranties,
	setWarrantiesActive
} from '#lib/server/warranty/warranties';
import type { Actions, PageServerLoad } from './$types';

const FILTER_KEYS = ['q', 'typeId', 'state', 'active', 'importId'] as const;

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'warranty', 'view');
	const params = event.url.searchParams;
	const serial = params.get('serial')?.trim() ?? '';
	const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? '']));
	// A hand-edited or stale URL falls back to the unfiltered first page rather than an error page.
	const parsed = warrantyListQuerySchema.safeParse({
		...filters,
		cursor: params.get('cursor') ?? undefined
	});
	const query = parsed.success ? parsed.data : warrantyListQuerySchema.parse({});
	let list;
	try {
		list = await listWarranties(query);
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		list = await listWarranties(warrantyListQuerySchema.parse({}));
	}
	return {
		serial,
		lookup: serial ? await lookupWarranty(serial) : null,
		filters,
		isFirstPage: !query.cursor,
		list,
		types: await listWarrantyTypes(),
		// Past requests link to their pages only for those who may open them.
		canSeeRequests: can(actor, 'requests', 'view')
	};
};

export const actions: Actions = {
	setActive: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const activate = raw.active === 'true';
				const input = activate
					? { ...parseOrThrow(warrantyActivateSchema, raw), reason: undefined }
					: parseOrThrow(warrantyDeactivateSchema, raw);
				const result = await setWarrantiesActive(
					{ ids: input.ids, active: activate, reason: input.reason },
					actor.user.id
				);
				return {
					bulkMessage: translate(event.locals.locale, 'warranty.list.changed', {
						changed: result.changed,
						unchanged: result.unchanged
					})
				};
			},
			{ reason: raw.reason, form: 'bulk' }
		);
	},
	create: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const raw = formToObject(await event.request.formData());
		const created = await runAction(
			event.locals.locale,
			async () => createWarranty(parseOrThrow(warrantyCreateSchema, raw), actor.user.id),
			{ ...raw, form: 'create' }
		);
		if ('id' in created) redirect(303, `/warranty/${created.id}`);
		return created;
	}
};
