import { loadCatalogue, toLocale } from '#lib/i18n';
import type { LayoutLoad } from './$types';

// The page renders in its locale's messages; English is fetched in the browser only when needed,
// and a fetch that fails or stalls falls back to Persian rather than stopping the navigation.
export const load: LayoutLoad = async ({ data }) => {
	await loadCatalogue(toLocale(data.locale));
	return data;
};
