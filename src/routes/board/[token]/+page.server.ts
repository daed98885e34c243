import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { buildBoardSnapshot } from '#lib/server/boards/read-model';
import { findActiveBoard } from '#lib/server/boards/tokens';
import type { PageServerLoad } from './$types';

// A wall screen opens this with its link token: no account, read-only, one scope.
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const board = await findActiveBoard(params.token);
	if (!board)
		error(404, { message: translate(locals.locale, 'boards.link.notValid'), code: 'not_found' });
	// The token is in the address: keep it out of caches and referrers.
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	return {
		token: params.token,
		name: board.name,
		snapshot: await buildBoardSnapshot(board.branchId ?? 'all')
	};
};
