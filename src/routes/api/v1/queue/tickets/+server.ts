import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { id, optional } from '#lib/server/catalog/inputs';
import { apiRoute } from '#lib/server/http/api';
import { getQueueView, issueTicket, issueTicketSchema } from '#lib/server/queue/tickets';

const queueQuery = z.object({ branch: optional(id) });

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: queueQuery },
	({ actor, query }) => getQueueView(actor, query.branch)
);

export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: issueTicketSchema },
	async ({ actor, body }) => json(await issueTicket(actor, body, 'api'), { status: 201 })
);
