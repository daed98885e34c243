import { loadCatalogue, toLocale } from '#lib/i18n';
import type { LayoutLoad } from './$types';

// The page renders in its locale's messages; English is fetched in the browser only when needed.
export const load: LayoutLoad = async ({ data }) => {
	await loadCatalogue(toLocale(data.locale));
	return data;
};
