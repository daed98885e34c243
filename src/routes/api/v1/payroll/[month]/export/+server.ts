import { apiRoute } from '#lib/server/http/api';
import { exportPayrollCsv, exportPayrollXlsx } from '#lib/server/hr/payroll';

export const GET = apiRoute(
	{ permission: { area: 'reports', level: 'view' } },
	async ({ actor, event }) => {
		const month = event.params.month ?? '';
		if (event.url.searchParams.get('format') === 'xlsx') {
			return new Response(new Uint8Array(await exportPayrollXlsx(actor, month)), {
				headers: {
					'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
					'content-disposition': `attachment; filename="payroll-${month}.xlsx"`
				}
			});
		}
		return new Response(await exportPayrollCsv(actor, month), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="payroll-${month}.csv"`
			}
		});
	}
);
