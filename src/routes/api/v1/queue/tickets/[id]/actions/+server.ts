import { pathId } from '#lib/server/catalog/inputs';
import { apiRoute } from '#lib/server/http/api';
import { actOnTicket, ticketActionSchema } from '#lib/server/queue/tickets';

export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'edit' }, body: ticketActionSchema },
	({ event, actor, body }) => actOnTicket(actor, pathId(event.params.id), body)
);
