import { translate } from '#lib/i18n';
import { requirePagePermission } from '#lib/server/auth/guard';
import { buildBoardSnapshot } from '#lib/server/boards/read-model';
import { resolveScope } from '#lib/server/boards/scope';
import { loadOrFail } from '../../admin/page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'boards', 'view');
	const locale = event.locals.locale;
	const { scope, branch } = await loadOrFail(locale, () => resolveScope(actor, event.params.scope));
	return {
		name: branch
			? locale === 'fa'
				? branch.nameFa
				: branch.nameEn
			: translate(locale, 'boards.scope.all'),
		snapshot: await buildBoardSnapshot(scope)
	};
};
