import { z } from 'zod';
import { apiRoute } from '#lib/server/http/api';
import { pathId } from '#lib/server/catalog/inputs';
import { WEBHOOK_DELIVERY_STATUSES } from '#lib/server/db/schema';
import { toJson } from '#lib/server/service/json';
import { listDeliveries } from '#lib/server/webhooks/deliveries';
import { getEndpoint } from '#lib/server/webhooks/endpoints';

const deliveryQuery = z.object({
	before: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(200).optional(),
	status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional()
});

export const GET = apiRoute(
	{ permission: { area: 'admin', level: 'view' }, query: deliveryQuery },
	async ({ actor, event, query }) => {
		const id = pathId(event.params.id);
		await getEndpoint(actor, id);
		return toJson(await listDeliveries(actor, id, query));
	}
);
