import { redirect } from '@sveltejs/kit';
import { WEBHOOK_EVENT_FAMILIES } from '#lib/domain/webhook-retry';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { formToObject, runAction } from '#lib/server/http/forms';
import { listDeliveries, redeliver } from '#lib/server/webhooks/deliveries';
import { deleteEndpoint, getEndpoint, updateEndpoint } from '#lib/server/webhooks/endpoints';
import { loadOrFail, pathId } from '../../../requests/page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const canManage = can(actor, 'admin', 'manage');
	const endpoint = await loadOrFail(event.locals.locale, () => getEndpoint(actor, id, canManage));
	const before = Number(event.url.searchParams.get('before')) || undefined;
	const deliveries = await listDeliveries(actor, id, { before, limit: 50 });
	return {
		endpoint,
		deliveries,
		families: [...WEBHOOK_EVENT_FAMILIES],
		canManage,
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const id = pathId(event.locals.locale, event.params.id);
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await updateEndpoint(actor, id, { ...raw, active: raw.active ?? 'false' });
				return { done: translate(event.locals.locale, 'webhooks.saved') };
			},
			raw
		);
	},
	rotate: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const id = pathId(event.locals.locale, event.params.id);
		return runAction(event.locals.locale, async () => {
			const current = await getEndpoint(actor, id);
			await updateEndpoint(actor, id, current, { rotateSecret: true });
			return { done: translate(event.locals.locale, 'webhooks.rotated') };
		});
	},
	redeliver: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			await redeliver(actor, pathId(event.locals.locale, String(raw.deliveryId ?? '')));
			return { done: translate(event.locals.locale, 'webhooks.delivery.redelivered') };
		});
	},
	delete: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const id = pathId(event.locals.locale, event.params.id);
		return runAction(event.locals.locale, async () => {
			await deleteEndpoint(actor, id);
			redirect(303, '/admin/webhooks');
		});
	}
};
