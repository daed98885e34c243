import { error, fail } from '@sveltejs/kit';
import { QUEUE_PURPOSES, type QueuePurpose } from '#lib/domain/queue';
import { translate } from '#lib/i18n';
import { findActiveKiosk, issueAtKiosk } from '#lib/server/queue/kiosks';
import type { Actions, PageServerLoad } from './$types';

// A tablet at the branch's door opens this with its link token: no account, tickets only.
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const found = await findActiveKiosk(params.token);
	if (!found)
		error(404, { message: translate(locals.locale, 'queue.kiosk.notValid'), code: 'not_found' });
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	return {
		name: found.kiosk.name,
		branch: { fa: found.branch.nameFa, en: found.branch.nameEn }
	};
};

export const actions: Actions = {
	default: async ({ params, request, locals }) => {
		const form = await request.formData();
		const purpose = form.get('purpose');
		if (typeof purpose !== 'string' || !(QUEUE_PURPOSES as readonly string[]).includes(purpose))
			return fail(422, { message: translate(locals.locale, 'error.validation') });
		const found = await findActiveKiosk(params.token);
		if (!found)
			error(404, { message: translate(locals.locale, 'queue.kiosk.notValid'), code: 'not_found' });
		const ticket = await issueAtKiosk(params.token, purpose as QueuePurpose);
		return { ticket: { code: ticket.code, purpose: ticket.purpose, createdAt: ticket.createdAt } };
	}
};
