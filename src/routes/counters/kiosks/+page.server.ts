import { requirePagePermission } from '#lib/server/auth/guard';
import { scopeOptions } from '#lib/server/boards/scope';
import { pathId } from '#lib/server/catalog/inputs';
import { formToObject, runAction } from '#lib/server/http/forms';
import { createKiosk, listKiosks, revokeKiosk } from '#lib/server/queue/kiosks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'boards', 'manage');
	const branches = await scopeOptions(actor);
	return {
		kiosks: await listKiosks(actor),
		branches: branches.map((b) => ({ id: b.id, nameFa: b.nameFa, nameEn: b.nameEn }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePagePermission(event, 'boards', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const { kiosk, token } = await createKiosk(actor, raw);
				// Shown once: only the hash is kept.
				return {
					created: {
						name: kiosk.name,
						link: `${event.url.origin}/kiosk/${token}`
					}
				};
			},
			raw
		);
	},
	revoke: async (event) => {
		const actor = requirePagePermission(event, 'boards', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			await revokeKiosk(actor, pathId(typeof raw.kioskId === 'string' ? raw.kioskId : ''));
			return { revoked: true };
		});
	}
};
