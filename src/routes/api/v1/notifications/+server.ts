import { apiRoute } from '#lib/server/http/api';
import { listNotifications, notificationQuery } from '#lib/server/follow/follow';

export const GET = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query: notificationQuery },
	({ actor, query }) => listNotifications(actor, query)
);
