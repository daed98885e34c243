import { requirePagePermission } from '#lib/server/auth/guard';
import { getUnitTimeline } from '#lib/server/service/timeline';
import { describeTimeline, getUnitView } from '#lib/server/service/ui-queries';
import { loadOrFail, pathId } from '../../requests/page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	const locale = event.locals.locale;
	const id = pathId(locale, event.params.id);
	const [unit, timeline] = await loadOrFail(locale, () =>
		Promise.all([getUnitView(actor, id), getUnitTimeline(actor, id).then(describeTimeline)])
	);
	return { unit, timeline };
};
