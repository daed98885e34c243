import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { lockPayrollMonth } from '#lib/server/hr/payroll';
import { toJson } from '#lib/server/service/json';

export const POST = idempotent(
	apiRoute({ permission: { area: 'reports', level: 'manage' } }, async ({ actor, event }) =>
		toJson(await lockPayrollMonth(actor, event.params.month ?? ''))
	)
);
