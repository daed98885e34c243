import { redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { actionActor, checked, filtersFrom, loadOrFail } from '#lib/server/catalog/pages';
import {
	categorySchema,
	createCategory,
	createProduct,
	listCategories,
	listProducts,
	productCreateSchema,
	productListQuery,
	serviceabilitySchema,
	setServiceability,
	updateCategory
} from '#lib/server/catalog/products';
import { pathId } from '#lib/server/catalog/inputs';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

const FILTER_KEYS = ['q', 'category', 'serviceable', 'part', 'active'] as const;

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const query = filtersFrom(productListQuery, event.url);
	const [page, categories] = await loadOrFail(event.locals.locale, () =>
		Promise.all([listProducts(query), listCategories()])
	);
	const filters = Object.fromEntries(
		FILTER_KEYS.map((k) => [k, event.url.searchParams.get(k) ?? ''])
	) as Record<(typeof FILTER_KEYS)[number], string>;
	return {
		page,
		categories,
		filters,
		paged: Boolean(query.cursor),
		canEdit: can(actor, 'catalog', 'edit')
	};
};

/** Sets serviceability for the posted selection or category and reports how many changed. */
async function changeServiceability(
	event: Parameters<Actions[string]>[0],
	scope: 'ids' | 'categoryId'
) {
	const raw = formToObject(await event.request.formData());
	const locale = event.locals.locale;
	return runAction(
		locale,
		async () => {
			const actor = actionActor(event, 'catalog', 'edit');
			const input = parseOrThrow(serviceabilitySchema, {
				serviceable: raw.serviceable,
				...(scope === 'ids' ? { ids: raw.ids ?? [] } : { categoryId: raw.categoryId ?? '' })
			});
			const { changed } = await setServiceability(input, actor.user.id);
			return {
				changed,
				message: changed
					? translate(locale, 'catalog.products.changed', { count: changed })
					: translate(locale, 'catalog.products.unchanged')
			};
		},
		raw
	);
}

export const actions: Actions = {
	bulk: (event) => changeServiceability(event, 'ids'),
	category: (event) => changeServiceability(event, 'categoryId'),
	create: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const input = parseOrThrow(productCreateSchema, {
					...raw,
					isPart: checked(raw, 'isPart'),
					serialised: checked(raw, 'serialised'),
					serviceable: checked(raw, 'serviceable')
				});
				const product = await createProduct(input, actor.user.id);
				redirect(303, `/catalog/products/${product.id}`);
			},
			{ ...raw, form: 'create' }
		);
	},
	createCategory: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				await createCategory(parseOrThrow(categorySchema, raw), actor.user.id);
				return { message: translate(event.locals.locale, 'common.saved') };
			},
			{ ...raw, form: 'category' }
		);
	},
	/** Renames a category (code and both names) or turns it on or off. */
	updateCategory: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const input = parseOrThrow(categorySchema, { ...raw, active: checked(raw, 'active') });
				await updateCategory(pathId(String(raw.id)), input, actor.user.id);
				return { message: translate(event.locals.locale, 'common.saved') };
			},
			{ ...raw, form: `category-${String(raw.id)}` }
		);
	}
};
