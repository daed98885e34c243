import { z } from 'zod';
import { QUEUE_PURPOSES } from '#lib/domain/queue';
import { day, id, optional } from '#lib/server/catalog/inputs';
import { notFound } from '#lib/server/http/errors';
import { apiRoute } from '#lib/server/http/api';
import { getCounterTimes } from '#lib/server/queue/tickets';

const timesQuery = z.object({
	branch: optional(id),
	counter: optional(id),
	purpose: optional(z.enum(QUEUE_PURPOSES)),
	from: optional(day),
	to: optional(day)
});

// Branch staff see their own branch's counters only; agencies have no counters.
export const GET = apiRoute(
	{ permission: { area: 'reports', level: 'view' }, query: timesQuery },
	({ actor, query }) => {
		if (actor.user.agencyId) throw notFound();
		if (
			actor.user.branchId !== null &&
			query.branch !== undefined &&
			query.branch !== actor.user.branchId
		)
			throw notFound();
		return getCounterTimes({
			branchId: actor.user.branchId ?? query.branch,
			counterId: query.counter,
			purpose: query.purpose,
			from: query.from,
			to: query.to
		});
	}
);
