import { exportReportFromPage } from '#lib/server/reports/page';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => exportReportFromPage(event, 'status');
