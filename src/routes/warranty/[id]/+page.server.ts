import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import {
	warrantyAssignSchema,
	warrantyDeactivateSchema,
	warrantyUpdateSchema
} from '#lib/server/warranty/schemas';
import { listWarrantyTypes } from '#lib/server/warranty/types';
import {
	assignWarranty,
	getWarranty,
	listAssignments,
	listWarrantyHistory,
	setWarrantiesActive,
	updateWarranty
} from '#lib/server/warranty/warranties';
import type { Actions, PageServerLoad } from './$types';

function idOf(value: string, locale: App.Locals['locale']): number {
	const id = Number(value);
	if (!Number.isInteger(id) || id < 1)
		error(404, { message: translate(locale, 'error.notFound'), code: 'not_found' });
	return id;
}

export const load: PageServerLoad = async (event) => {
	requirePagePermission(event, 'warranty', 'view');
	const id = idOf(event.params.id, event.locals.locale);
	const warranty = await getWarranty(id).catch(() => null);
	if (!warranty)
		error(404, { message: translate(event.locals.locale, 'error.notFound'), code: 'not_found' });
	const [assignments, timeline, types] = await Promise.all([
		listAssignments(id),
		listWarrantyHistory(id),
		listWarrantyTypes()
	]);
	return { warranty, assignments, timeline, types };
};

/** Runs one edit action with the user's values kept, tagging which form they belong to. */
function action(
	form: string,
	body: (id: number, raw: Record<string, unknown>, actorId: number) => Promise<{ notice: string }>
) {
	return async (event: Parameters<Actions[string]>[0]) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const id = idOf(event.params.id!, event.locals.locale);
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, () => body(id, raw, actor.user.id), { ...raw, form });
	};
}

export const actions: Actions = {
	assign: action('assign', async (id, raw, actorId) => {
		await assignWarranty(id, parseOrThrow(warrantyAssignSchema, raw), actorId);
		return { notice: 'warranty.detail.assigned' };
	}),
	deactivate: action('activation', async (id, raw, actorId) => {
		const input = parseOrThrow(warrantyDeactivateSchema, { ...raw, ids: [id] });
		await setWarrantiesActive({ ids: [id], active: false, reason: input.reason }, actorId);
		return { notice: 'warranty.detail.deactivated' };
	}),
	activate: action('activation', async (id, _raw, actorId) => {
		await setWarrantiesActive({ ids: [id], active: true }, actorId);
		return { notice: 'warranty.detail.activated' };
	}),
	dates: action('dates', async (id, raw, actorId) => {
		await updateWarranty(id, parseOrThrow(warrantyUpdateSchema, raw), actorId);
		return { notice: 'warranty.detail.datesSaved' };
	})
};
