import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import {
	deleteEndpoint,
	endpointSchema,
	getEndpoint,
	updateEndpoint
} from '#lib/server/webhooks/endpoints';

export const GET = apiRoute(
	{ permission: { area: 'admin', level: 'view' } },
	async ({ actor, event }) => toJson(await getEndpoint(actor, pathId(event.params.id)))
);

/** `?rotateSecret=true` issues a new signing secret (returned in the answer). */
export const PATCH = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: endpointSchema },
	async ({ actor, event, body }) =>
		toJson(
			await updateEndpoint(actor, pathId(event.params.id), body, {
				rotateSecret: event.url.searchParams.get('rotateSecret') === 'true'
			})
		)
);

export const DELETE = apiRoute(
	{ permission: { area: 'admin', level: 'manage' } },
	async ({ actor, event }) => {
		await deleteEndpoint(actor, pathId(event.params.id));
		return new Response(null, { status: 204 });
	}
);
