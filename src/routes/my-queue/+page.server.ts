import { pathId } from '#lib/server/catalog/inputs';
import { requirePagePermission } from '#lib/server/auth/guard';
import { formToObject, runAction } from '#lib/server/http/forms';
import { listTechnicianQueue } from '#lib/server/service/queries';
import { listPartOptions, requestBriefs, type PartOption } from '#lib/server/service/ui-queries';
import { logWork, startRepair } from '#lib/server/service/work';
import { nestForm } from '../requests/form-input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'worklogs', 'edit');
	const queue = await listTechnicianQueue(actor);
	const briefs = await requestBriefs(queue.map((q) => q.requestId));
	// Part suggestions only for work that is at the bench now, once per product.
	const parts: Record<number, PartOption[]> = {};
	for (const item of queue) {
		const brief = briefs[item.requestId];
		if (!brief || !['awaiting_repair', 'returned_from_qc'].includes(item.requestStatus)) continue;
		parts[brief.productId] ??= await listPartOptions(brief.productId);
	}
	return { queue, briefs, parts, technicianId: actor.user.id };
};

export const actions: Actions = {
	startRepair: async (event) => {
		const actor = requirePagePermission(event, 'worklogs', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await startRepair(actor, pathId(String(raw.requestId)), { version: raw.version });
				return { done: raw._form };
			},
			raw
		);
	},
	logWork: async (event) => {
		const actor = requirePagePermission(event, 'worklogs', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await logWork(actor, nestForm(raw, ['parts']));
				return { done: raw._form };
			},
			raw
		);
	}
};
