import { apiSearch } from '#lib/server/search/api';

export const GET = apiSearch('orders');
