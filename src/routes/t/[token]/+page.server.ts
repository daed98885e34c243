import type { RequestEvent } from '@sveltejs/kit';
import { isProduction } from '#lib/server/config';
import { loadOrFail } from '#lib/server/catalog/pages';
import { formToObject, runAction } from '#lib/server/http/forms';
import {
	TRACKING_COOKIE,
	answerEstimateByTracking,
	getTrackingView,
	sendTrackingCode,
	trackingPath,
	verifyTrackingCode
} from '#lib/server/tracking/tracking';
import type { Actions, PageServerLoad } from './$types';

// The customer's page: the token in the address is the key, so keep it out of caches and
// referrers, and never index it.
export const load: PageServerLoad = async (event) => {
	event.setHeaders({
		'cache-control': 'no-store',
		'referrer-policy': 'no-referrer',
		'x-robots-tag': 'noindex'
	});
	const session = event.cookies.get(TRACKING_COOKIE);
	const view = await loadOrFail(event.locals.locale, () =>
		getTrackingView(event.params.token, session)
	);
	return { view };
};

function clientIp(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return '';
	}
}

export const actions: Actions = {
	send: async (event) =>
		runAction(event.locals.locale, async () => {
			const sent = await sendTrackingCode(event.params.token!, clientIp(event));
			return { sent: sent.maskedMobile };
		}),
	verify: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const { sessionToken, expiresAt } = await verifyTrackingCode(
				event.params.token!,
				typeof raw.code === 'string' ? raw.code : ''
			);
			// Scoped to this request's page: the session opens nothing else.
			event.cookies.set(TRACKING_COOKIE, sessionToken, {
				path: trackingPath(event.params.token!),
				httpOnly: true,
				sameSite: 'strict',
				secure: isProduction(),
				expires: expiresAt
			});
			return { verified: true };
		});
	},
	answer: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const estimate = await answerEstimateByTracking(
				event.params.token!,
				event.cookies.get(TRACKING_COOKIE),
				raw
			);
			return { answered: estimate.status };
		});
	}
};
