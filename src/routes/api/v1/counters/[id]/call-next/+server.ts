import { pathId } from '#lib/server/catalog/inputs';
import { apiRoute } from '#lib/server/http/api';
import { callNext, callNextSchema } from '#lib/server/queue/tickets';

// An empty queue answers `{ ticket: null }`, not an error: the counter simply waits.
export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: callNextSchema },
	async ({ event, actor, body }) => ({
		ticket: await callNext(actor, pathId(event.params.id), body)
	})
);
