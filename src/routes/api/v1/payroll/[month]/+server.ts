import { apiRoute } from '#lib/server/http/api';
import { idempotent } from '#lib/server/http/idempotency';
import { computePayrollMonth, getPayrollMonth } from '#lib/server/hr/payroll';
import { toJson } from '#lib/server/service/json';

// Accounting reads every line and technicians their own; the service scopes which.
export const GET = apiRoute(
	{
		permission: [
			{ area: 'reports', level: 'view' },
			{ area: 'worklogs', level: 'edit' }
		]
	},
	async ({ actor, event }) => toJson(await getPayrollMonth(actor, event.params.month ?? ''))
);

/** Recomputes an open month. */
export const POST = idempotent(
	apiRoute({ permission: { area: 'reports', level: 'edit' } }, async ({ actor, event }) =>
		toJson(await computePayrollMonth(actor, event.params.month ?? ''))
	)
);
