import { fail } from '@sveltejs/kit';
import { translate, type MessageKey } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { actionActor, filtersFrom, loadOrFail } from '#lib/server/catalog/pages';
import { importUnits, listUnits, unitListQuery } from '#lib/server/catalog/units';
import { AppError } from '#lib/server/http/errors';
import { runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const query = filtersFrom(unitListQuery, event.url);
	const page = await loadOrFail(event.locals.locale, () => listUnits(query));
	return {
		page,
		filters: {
			q: event.url.searchParams.get('q') ?? '',
			product: event.url.searchParams.get('product') ?? ''
		},
		paged: Boolean(query.cursor),
		canEdit: can(actor, 'catalog', 'edit')
	};
};

export const actions: Actions = {
	import: async (event) => {
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const file = form.get('file');
		const csvField = form.get('csv');
		const pasted = typeof csvField === 'string' ? csvField : '';
		return runAction(
			locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const csv = file instanceof File && file.size > 0 ? await file.text() : pasted;
				if (!csv.trim()) {
					throw new AppError(422, 'validation_failed', 'catalog.import.noFile', undefined, {
						file: { key: 'catalog.import.noFile' }
					});
				}
				const result = await importUnits(csv, actor.user.id);
				if (!result.ok) {
					// The pasted text comes back so it can be corrected in place; a file is chosen again.
					return fail(422, {
						message: translate(locale, 'catalog.units.importFailed', {
							count: result.errors.length,
							rows: result.rows
						}),
						fields: {},
						values: { csv: pasted },
						rows: result.errors.map((e) => ({
							line: e.line,
							column: translate(locale, `catalog.units.col.${e.field}` as MessageKey),
							problem: translate(locale, e.key, e.params)
						}))
					});
				}
				return {
					message: translate(locale, 'catalog.units.imported', {
						count: result.created,
						customers: result.customersCreated
					})
				};
			},
			{ csv: pasted }
		);
	}
};
