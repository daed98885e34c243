import { requirePagePermission } from '#lib/server/auth/guard';
import { creditNotePage, postCreditNote } from '#lib/server/billing/credit-notes';
import { billingPageAccess } from '#lib/server/billing/views';
import { translate } from '#lib/i18n';
import { runAction } from '#lib/server/http/forms';
import { loadOrFail, pathId } from '../../requests/page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'invoices', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const page = await loadOrFail(event.locals.locale, () => creditNotePage(actor, id));
	return {
		...page,
		...billingPageAccess(actor),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	post: async (event) => {
		const actor = requirePagePermission(event, 'invoices', 'edit');
		const id = pathId(event.locals.locale, event.params.id);
		return runAction(event.locals.locale, async () => {
			await postCreditNote(actor, id);
			return { done: translate(event.locals.locale, 'creditNote.posted') };
		});
	}
};
