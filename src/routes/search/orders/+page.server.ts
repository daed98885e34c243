import { loadSearchPage, searchPageActions } from '#lib/server/search/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadSearchPage(event, 'orders');
export const actions: Actions = searchPageActions('orders');
