import { requirePagePermission } from '#lib/server/auth/guard';
import { assignRequest, loadDispatchOptions, loadSkills } from '#lib/server/boards/dispatch';
import { buildBoardSnapshot } from '#lib/server/boards/read-model';
import { defaultScope, resolveScope } from '#lib/server/boards/scope';
import { formToObject, runAction } from '#lib/server/http/forms';
import { loadOrFail } from '../admin/page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'orders', 'edit');
	const raw = event.url.searchParams.get('scope') ?? String(defaultScope(actor));
	const { scope } = await loadOrFail(event.locals.locale, () => resolveScope(actor, raw));
	const snapshot = await buildBoardSnapshot(scope);
	const [options, skills] = await Promise.all([
		loadDispatchOptions(),
		loadSkills(snapshot.technicians.map((t) => t.id))
	]);
	return { snapshot, ...options, skills };
};

export const actions: Actions = {
	assign: async (event) => {
		const actor = requirePagePermission(event, 'orders', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const order = await assignRequest(actor, raw);
				return {
					assigned: {
						orderId: order.id,
						requestId: order.requestId,
						technicianId: order.technicianId
					}
				};
			},
			raw
		);
	}
};
