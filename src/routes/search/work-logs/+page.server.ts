import { loadSearchPage, searchPageActions } from '#lib/server/search/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadSearchPage(event, 'work-logs');
export const actions: Actions = searchPageActions('work-logs');
