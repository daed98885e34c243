import { pathId } from '#lib/server/catalog/inputs';
import { requirePagePermission } from '#lib/server/auth/guard';
import { formToObject, runAction } from '#lib/server/http/forms';
import { listWorkLogs } from '#lib/server/service/queries';
import { productNames, requestBriefs } from '#lib/server/service/ui-queries';
import { qcReview } from '#lib/server/service/work';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'qc', 'edit');
	const page = await listWorkLogs(actor, { status: 'submitted', limit: '200' });
	// First come, first checked.
	const logs = [...page.items].reverse();
	const [briefs, parts] = await Promise.all([
		requestBriefs(logs.map((l) => l.requestId)),
		productNames(logs.flatMap((l) => l.parts.map((p) => p.productId)))
	]);
	return { logs: logs.filter((l) => briefs[l.requestId]?.status === 'awaiting_qc'), briefs, parts };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'qc', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await qcReview(actor, pathId(String(raw.workLogId)), {
					decision: raw.decision,
					reason: raw.reason,
					score: raw.score,
					version: raw.version
				});
				return { done: raw._form };
			},
			raw
		);
	}
};
