import { fail, redirect } from '@sveltejs/kit';
import { requireActor } from '#lib/server/auth/guard';
import { actionActor } from '#lib/server/catalog/pages';
import { formToObject, runAction } from '#lib/server/http/forms';
import { requireAgency } from '#lib/server/portal/portal';
import { receiveBulkList } from '#lib/server/service/bulk';
import { previewBulkList } from '#lib/server/service/ui-queries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireAgency(requireActor(event));
	return {};
};

const text = (raw: Record<string, unknown>, key: string) =>
	typeof raw[key] === 'string' ? raw[key] : '';

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const raw = formToObject(form);
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'requests', 'edit');
				requireAgency(actor);
				const file = form.get('file');
				const typed = file instanceof File && file.size > 0 ? await file.text() : text(raw, 'text');
				// Branch, agency and channel come from the actor, never from the form.
				const input = {
					delivererName: text(raw, 'delivererName'),
					complaint: text(raw, 'complaint'),
					note: text(raw, 'note'),
					text: typed
				};
				// The preview runs the real intake and rolls it back: the same checks as creating.
				const preview = await previewBulkList(actor, input, event.locals.locale);
				const values = { ...raw, text: typed };
				if (preview.errors > 0) return fail(422, { preview, values });
				if (text(raw, 'intent') !== 'create') return { preview, values };
				const { list } = await receiveBulkList(actor, input);
				redirect(303, `/portal/lists/${list.id}?created=1`);
			},
			raw
		);
	}
};
