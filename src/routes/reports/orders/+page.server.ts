import { loadReportPage } from '#lib/server/reports/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadReportPage(event, 'orders');
