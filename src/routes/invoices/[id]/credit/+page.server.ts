import { redirect } from '@sveltejs/kit';
import { normalizeDigits } from '#lib/domain/text';
import { requirePagePermission } from '#lib/server/auth/guard';
import { createCreditNote, creditFormOf } from '#lib/server/billing/credit-notes';
import { formToObject, runAction } from '#lib/server/http/forms';
import { loadOrFail, pathId } from '../../../requests/page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'edit');
	const id = pathId(event.locals.locale, event.params.id);
	return loadOrFail(event.locals.locale, () => creditFormOf(actor, id));
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'edit');
		const id = pathId(event.locals.locale, event.params.id);
		const raw = formToObject(await event.request.formData());
		// Every offered line is sent in form order (0 = not credited), so a field error's index
		// points at the input it belongs to.
		const lineIds = String(raw.lineIds ?? '')
			.split(',')
			.map(Number)
			.filter((n) => n > 0);
		const lines = lineIds.map((lineId) => ({
			invoiceLineId: lineId,
			quantity: normalizeDigits(String(raw[`qty-${lineId}`] ?? '0')).replace('٫', '.') || '0'
		}));
		return runAction(
			event.locals.locale,
			async () => {
				const note = await createCreditNote(actor, id, {
					reason: raw.reason ?? '',
					restock: raw.restock === 'on',
					lines,
					post: raw.post === '1'
				});
				redirect(303, `/credit-notes/${note.id}?created=1`);
			},
			raw
		);
	}
};
