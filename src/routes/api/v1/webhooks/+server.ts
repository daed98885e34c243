import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { toJson } from '#lib/server/service/json';
import { createEndpoint, endpointSchema, listEndpoints } from '#lib/server/webhooks/endpoints';

export const GET = apiRoute({ permission: { area: 'admin', level: 'view' } }, async ({ actor }) =>
	toJson(await listEndpoints(actor))
);

/** The answer carries the signing secret, once; later reads show only its last characters. */
export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: endpointSchema },
	async ({ actor, body }) => json(toJson(await createEndpoint(actor, body)), { status: 201 })
);
