import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { buildBoardSnapshot } from '#lib/server/boards/read-model';
import { findActiveBoard } from '#lib/server/boards/tokens';
import type { PageServerLoad } from './$types';

// The waiting-room screen: the same board link, showing only the numbers called to counters.
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const board = await findActiveBoard(params.token);
	if (!board)
		error(404, { message: translate(locals.locale, 'boards.link.notValid'), code: 'not_found' });
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	return {
		token: params.token,
		name: board.name,
		snapshot: await buildBoardSnapshot(board.branchId ?? 'all')
	};
};
