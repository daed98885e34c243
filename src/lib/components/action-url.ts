/**
 * The URL of a named form action that keeps the page's own query (tab, filters, page, year).
 * SvelteKit lands an enhanced submission where the browser would — the action URL without the
 * action name — so a bare `?/save` would drop `?tab=priorities` and show another page.
 */
export function actionUrl(
	url: { searchParams: URLSearchParams | { entries(): Iterable<[string, string]> } },
	name: string
): string {
	const kept = [...url.searchParams.entries()]
		.filter(([key]) => !key.startsWith('/'))
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
	return `?${[...kept, `/${name}`].join('&')}`;
}
