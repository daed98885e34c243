import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { toJson } from '#lib/server/service/json';
import { redeliver } from '#lib/server/webhooks/deliveries';

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' } },
	async ({ actor, event }) =>
		json(toJson(await redeliver(actor, pathId(event.params.id))), { status: 202 })
);
