import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { createBoard, listBoards, revokeBoard } from '#lib/server/boards/boards';
import { scopeOptions } from '#lib/server/boards/scope';
import { pathId } from '#lib/server/catalog/inputs';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	const branches = await scopeOptions(actor);
	return {
		boards: await listBoards(actor),
		branches: branches.map((b) => ({ id: b.id, nameFa: b.nameFa, nameEn: b.nameEn })),
		allowAllBranches: actor.user.branchId === null,
		canManage: can(actor, 'admin', 'manage')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const { board, token } = await createBoard(actor, raw);
				// Shown once: only the hash is kept, so this answer is the only place the link exists.
				return { created: { name: board.name, link: `${event.url.origin}/board/${token}` } };
			},
			raw
		);
	},
	revoke: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const board = await revokeBoard(
				actor,
				pathId(typeof raw.boardId === 'string' ? raw.boardId : '')
			);
			return { revoked: board.name };
		});
	}
};
