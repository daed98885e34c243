import { z } from 'zod';
import { idList } from '#lib/server/catalog/inputs';
import { apiRoute } from '#lib/server/http/api';
import { markNotificationsRead } from '#lib/server/follow/follow';

const readSchema = z.object({ ids: z.union([z.literal('all'), idList]) });

export const POST = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, body: readSchema },
	async ({ actor, body }) => ({ marked: await markNotificationsRead(actor, body.ids) })
);
