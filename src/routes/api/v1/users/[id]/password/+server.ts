import { parseIdParam, passwordResetSchema } from '#lib/server/admin/schemas';
import { resetPassword } from '#lib/server/admin/users';
import { apiRoute } from '#lib/server/http/api';

export const POST = apiRoute(
	{ permission: { area: 'admin', level: 'manage' }, body: passwordResetSchema },
	async ({ actor, event, body }) => {
		await resetPassword(actor, parseIdParam(event.params.id), body.password);
		return new Response(null, { status: 204 });
	}
);
