import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { QUEUE_PURPOSES, type QueuePurpose } from '#lib/domain/queue';
import { translate } from '#lib/i18n';
import { AppError } from '#lib/server/http/errors';
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

/** The presser's address for the kiosk's per-address limit (none when the adapter cannot tell). */
function clientIp(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

export const actions: Actions = {
	default: async (event) => {
		const { params, request, locals } = event;
		const form = await request.formData();
		const purpose = form.get('purpose');
		if (typeof purpose !== 'string' || !(QUEUE_PURPOSES as readonly string[]).includes(purpose))
			return fail(422, { message: translate(locals.locale, 'error.validation') });
		const found = await findActiveKiosk(params.token);
		if (!found)
			error(404, { message: translate(locals.locale, 'queue.kiosk.notValid'), code: 'not_found' });
		let ticket;
		try {
			ticket = await issueAtKiosk(
				params.token,
				purpose as QueuePurpose,
				new Date(),
				clientIp(event)
			);
		} catch (caught) {
			if (caught instanceof AppError && caught.status === 429)
				return fail(429, {
					message: translate(locals.locale, caught.messageKey, caught.params),
					rateLimited: true
				});
			throw caught;
		}
		return { ticket: { code: ticket.code, purpose: ticket.purpose, createdAt: ticket.createdAt } };
	}
};
