import { page } from '$app/state';
import { toLocale, translate, type Locale, type MessageKey } from './index';

/** The page's current locale (from the root layout's data). */
export function currentLocale(): Locale {
	return toLocale((page.data as { locale?: string }).locale);
}

/** Translates in components; reactive because it reads the page state. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return translate(currentLocale(), key, params);
}
