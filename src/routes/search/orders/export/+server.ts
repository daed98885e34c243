import { exportFromPage } from '#lib/server/search/page';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => exportFromPage(event, 'orders');
