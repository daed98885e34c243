import { invalidateSession } from '#lib/server/auth/sessions';
import { apiRoute } from '#lib/server/http/api';

export const POST = apiRoute({ permission: false }, async ({ event }) => {
	const actor = event.locals.actor;
	if (actor?.via === 'bearer') await invalidateSession(actor.sessionId);
	return new Response(null, { status: 204 });
});
