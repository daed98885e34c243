import { requirePagePermission } from '#lib/server/auth/guard';
import { myPayrollLines } from '#lib/server/hr/payroll';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'worklogs', 'view');
	return { lines: await myPayrollLines(actor) };
};
