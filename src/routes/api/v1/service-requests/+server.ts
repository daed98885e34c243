import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { toJson } from '#lib/server/service/json';
import { listRequests } from '#lib/server/service/queries';
import { receiveRequest } from '#lib/server/service/reception';
import { receiveSchema } from '#lib/server/service/schemas';

export const GET = apiRoute(
	// The service validates the query itself (dates, lists); parsing it here too would hand it
	// already-parsed values it refuses.
	{ permission: { area: 'requests', level: 'view' } },
	async ({ actor, event }) =>
		toJson(await listRequests(actor, Object.fromEntries(event.url.searchParams)))
);

export const POST = idempotent(
	apiRoute(
		{ permission: { area: 'requests', level: 'edit' }, body: receiveSchema },
		async ({ actor, body }) => json(toJson(await receiveRequest(actor, body)), { status: 201 })
	)
);
