import { requireActor } from '#lib/server/auth/guard';
import { runAction } from '#lib/server/http/forms';
import { createTelegramLinkCode, staffTelegramLinked } from '#lib/server/notify/admin';
import { telegramEnabled } from '#lib/server/notify/telegram-api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { linked: await staffTelegramLinked(actor.user.id), enabled: telegramEnabled() };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireActor(event);
		return runAction(event.locals.locale, async () => {
			const { code, expiresAt } = await createTelegramLinkCode(actor);
			return { code, expiresAt: expiresAt.toISOString() };
		});
	}
};
