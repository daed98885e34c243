import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requireActor } from '#lib/server/auth/guard';
import { idList } from '#lib/server/catalog/inputs';
import { listNotifications, markNotificationsRead } from '#lib/server/follow/follow';
import { formToObject, runAction } from '#lib/server/http/forms';
import { parseOrThrow } from '#lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (actor.user.agencyId)
		error(403, { message: translate(event.locals.locale, 'error.forbidden'), code: 'forbidden' });
	const unread = event.url.searchParams.get('unread') === 'true';
	const page = await listNotifications(actor, {
		unread: unread ? 'true' : undefined,
		cursor: event.url.searchParams.get('cursor') ?? '',
		limit: '50'
	});
	return { page, unreadOnly: unread, canManage: can(actor, 'admin', 'view') };
};

export const actions: Actions = {
	read: async (event) => {
		const actor = requireActor(event);
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const ids = raw.all === '1' ? 'all' : parseOrThrow(idList, raw.id ?? []);
			return { marked: await markNotificationsRead(actor, ids) };
		});
	}
};
