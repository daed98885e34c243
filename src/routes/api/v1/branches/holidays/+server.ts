import { json } from '@sveltejs/kit';
import {
	addHoliday,
	holidayListQuery,
	holidaySchema,
	listHolidays
} from '#lib/server/org/branches';
import { apiRoute } from '#lib/server/http/api';

export const GET = apiRoute(
	{ permission: { area: 'catalog', level: 'view' }, query: holidayListQuery },
	async ({ actor, query }) => ({
		items: await listHolidays(actor.user.branchId, query)
	})
);

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: holidaySchema },
	async ({ actor, body }) =>
		json(await addHoliday(actor.user.branchId, body, actor.user.id), { status: 201 })
);
