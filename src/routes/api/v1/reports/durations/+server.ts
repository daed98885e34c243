import { apiReport } from '#lib/server/reports/api';

export const GET = apiReport('durations');
