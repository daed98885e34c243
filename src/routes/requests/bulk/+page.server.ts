import { fail, redirect } from '@sveltejs/kit';
import { requirePagePermission } from '#lib/server/auth/guard';
import { CHANNELS } from '#lib/server/db/schema';
import { formToObject, runAction } from '#lib/server/http/forms';
import { agencyListQuery, listAgencies } from '#lib/server/org/agencies';
import { listBranchOptions } from '#lib/server/org/branches';
import { counterListQuery, listCounters } from '#lib/server/org/counters';
import { receiveBulkList } from '#lib/server/service/bulk';
import { previewBulkList } from '#lib/server/service/ui-queries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'edit');
	const isAgent = actor.user.agencyId !== null;
	const scope = actor.user.branchId;
	const [branches, agencies, counters] = await Promise.all([
		listBranchOptions(scope),
		isAgent ? null : listAgencies(scope, agencyListQuery.parse({ active: 'true', limit: '200' })),
		isAgent ? null : listCounters(scope, counterListQuery.parse({ active: 'true', limit: '200' }))
	]);
	return {
		branches,
		agencies: (agencies?.items ?? []).map((a) => ({
			id: a.id,
			name: a.name,
			branchId: a.branchId
		})),
		counters: (counters?.items ?? []).map((c) => ({
			id: c.id,
			code: c.code,
			name: c.name,
			branchId: c.branchId
		})),
		channels: CHANNELS,
		isAgent,
		fixedBranchId: scope
	};
};

type Raw = Record<string, unknown>;
const text = (raw: Raw, key: string) => (typeof raw[key] === 'string' ? raw[key] : '');

/** The posted form as the bulk intake reads it; an uploaded CSV takes the place of the typed lines. */
async function bulkInput(form: FormData, raw: Raw): Promise<Raw> {
	const file = form.get('file');
	const typed = file instanceof File && file.size > 0 ? await file.text() : text(raw, 'text');
	return {
		branchId: text(raw, 'branchId'),
		agencyId: text(raw, 'agencyId'),
		counterId: text(raw, 'counterId'),
		channel: text(raw, 'channel'),
		delivererName: text(raw, 'delivererName'),
		complaint: text(raw, 'complaint'),
		accessories: text(raw, 'accessories'),
		condition: text(raw, 'condition'),
		note: text(raw, 'note'),
		text: typed
	};
}

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'requests', 'edit');
		const form = await event.request.formData();
		const raw = formToObject(form);
		return runAction(
			event.locals.locale,
			async () => {
				const input = await bulkInput(form, raw);
				// The preview runs the real intake and rolls it back, so it is also the check
				// before creating: a list with a bad line never reaches the create step.
				const preview = await previewBulkList(actor, input, event.locals.locale);
				if (preview.errors > 0 || text(raw, 'intent') !== 'create') {
					const values = { ...raw, text: input.text };
					return preview.errors > 0 ? fail(422, { preview, values }) : { preview, values };
				}
				const { list } = await receiveBulkList(actor, input);
				redirect(303, `/requests/bulk/${list.id}?created=1`);
			},
			raw
		);
	}
};
