import { redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { listActiveDefinitions } from '#lib/server/catalog/definitions';
import { idList, pathId } from '#lib/server/catalog/inputs';
import { actionActor, checked, loadOrFail } from '#lib/server/catalog/pages';
import {
	bomLineSchema,
	getProduct,
	listBom,
	listCategories,
	listProducts,
	listProductServices,
	productUpdateSchema,
	removeBomLine,
	removeProduct,
	setProductServices,
	updateProduct,
	upsertBomLine
} from '#lib/server/catalog/products';
import { createUnit, listUnits, unitCreateSchema } from '#lib/server/catalog/units';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const locale = event.locals.locale;
	const product = await loadOrFail(locale, () => getProduct(pathId(event.params.id)));
	const id = product.id;
	const [categories, services, attached, bom, parts, units] = await Promise.all([
		listCategories(),
		listActiveDefinitions('service'),
		listProductServices(id),
		listBom(id),
		listProducts({ part: true, active: true, limit: 200 }),
		listUnits({ product: id, limit: 50 })
	]);
	// Inactive services still attached stay visible so they can be detached.
	const offered = [...services, ...attached.filter((a) => !services.some((s) => s.id === a.id))];
	return {
		product,
		categories,
		services: offered.map(({ id, code, nameFa, nameEn, active }) => ({
			id,
			code,
			nameFa,
			nameEn,
			active
		})),
		attachedIds: attached.map((s) => s.id),
		bom,
		parts: parts.items
			.filter((p) => p.id !== id)
			.map(({ id, code, nameFa, nameEn }) => ({ id, code, nameFa, nameEn })),
		units: units.items,
		moreUnits: units.nextCursor !== null,
		canEdit: can(actor, 'catalog', 'edit')
	};
};

/** Runs one of this page's edits: the actor must hold catalog/edit; failures come back to `form`. */
async function edit(
	event: RequestEvent,
	formName: string,
	body: (raw: Record<string, unknown>, actorId: number, productId: number) => Promise<unknown>
) {
	const raw = formToObject(await event.request.formData());
	return runAction(
		event.locals.locale,
		async () => {
			const actor = actionActor(event, 'catalog', 'edit');
			const result = await body(raw, actor.user.id, pathId(event.params.id));
			return {
				form: formName,
				message: translate(event.locals.locale, 'common.saved'),
				...(result as object)
			};
		},
		{ ...raw, form: formName }
	);
}

export const actions: Actions = {
	update: (event) =>
		edit(event, 'details', async (raw, actorId, id) => {
			const input = parseOrThrow(productUpdateSchema, {
				...raw,
				isPart: checked(raw, 'isPart'),
				serialised: checked(raw, 'serialised'),
				serviceable: checked(raw, 'serviceable'),
				active: checked(raw, 'active')
			});
			await updateProduct(id, input, actorId);
		}),
	services: (event) =>
		edit(event, 'services', async (raw, actorId, id) => {
			const ids = parseOrThrow(idList, raw.serviceIds ?? []);
			await setProductServices(id, ids, actorId);
			return { message: translate(event.locals.locale, 'catalog.product.servicesSaved') };
		}),
	addPart: (event) =>
		edit(event, 'bom', async (raw, actorId, id) => {
			await upsertBomLine(id, parseOrThrow(bomLineSchema, raw), actorId);
		}),
	removePart: (event) =>
		edit(event, 'bom', async (raw, actorId, id) => {
			await removeBomLine(id, pathId(String(raw.partId)), actorId);
		}),
	addUnit: (event) =>
		edit(event, 'unit', async (raw, actorId, id) => {
			await createUnit(parseOrThrow(unitCreateSchema, { ...raw, productId: id }), actorId);
			return { message: translate(event.locals.locale, 'catalog.units.created') };
		}),
	remove: (event) =>
		edit(event, 'details', async (_raw, actorId, id) => {
			const outcome = await removeProduct(id, actorId);
			if (outcome === 'deleted') redirect(303, '/catalog/products');
			return { message: translate(event.locals.locale, 'catalog.removed.deactivated') };
		})
};
