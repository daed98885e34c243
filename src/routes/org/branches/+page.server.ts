import { redirect } from '@sveltejs/kit';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { actionActor, checked, loadOrFail } from '#lib/server/catalog/pages';
import { branchCreateSchema, createBranch, listBranches } from '#lib/server/org/branches';
import { listAgencies } from '#lib/server/org/agencies';
import { listCounters } from '#lib/server/org/counters';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const scope = actor.user.branchId;
	const [branches, counters, agencies] = await loadOrFail(event.locals.locale, () =>
		Promise.all([
			listBranches(scope, { limit: 200 }),
			listCounters(scope, { limit: 200 }),
			listAgencies(scope, { limit: 200 })
		])
	);
	const count = (rows: { branchId: number }[], id: number) =>
		rows.filter((r) => r.branchId === id).length;
	return {
		branches: branches.items.map((b) => ({
			...b,
			counters: count(counters.items, b.id),
			agencies: count(agencies.items, b.id)
		})),
		canEdit: can(actor, 'admin', 'manage') && scope === null
	};
};

export const actions: Actions = {
	create: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'admin', 'manage');
				const input = parseOrThrow(branchCreateSchema, {
					...raw,
					active: checked(raw, 'active') || raw.active === undefined
				});
				const branch = await createBranch(actor.user.branchId, input, actor.user.id);
				redirect(303, `/org/branches/${branch.id}`);
			},
			raw
		);
	}
};
