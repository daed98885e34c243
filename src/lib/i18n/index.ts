import * as core from './messages/core';
import * as admin from './messages/admin';
import * as service from './messages/service';
import * as catalog from './messages/catalog';
import * as crm from './messages/crm';
import * as org from './messages/org';
import * as warranty from './messages/warranty';
import * as boards from './messages/boards';
import * as search from './messages/search';
import * as serviceUi from './messages/service-ui';
import * as stock from './messages/stock';
import * as queue from './messages/queue';
import * as tracking from './messages/tracking';
import * as portal from './messages/portal';
import * as follow from './messages/follow';
import * as billing from './messages/billing';
import * as webhooks from './messages/webhooks';
import * as notify from './messages/notify';
import * as reports from './messages/reports';
import * as creditNotes from './messages/credit-notes';
import { en as eagerEnglish } from './catalogue-en-eager';

// Each bounded context keeps its own message file; a missing English key is a compile error there.
const fa = {
	...core.fa,
	...admin.fa,
	...service.fa,
	...catalog.fa,
	...crm.fa,
	...org.fa,
	...warranty.fa,
	...boards.fa,
	...search.fa,
	...serviceUi.fa,
	...stock.fa,
	...queue.fa,
	...tracking.fa,
	...portal.fa,
	...follow.fa,
	...billing.fa,
	...webhooks.fa,
	...notify.fa,
	...reports.fa,
	...creditNotes.fa
} as const;
export type MessageKey = keyof typeof fa;
export type Locale = 'fa' | 'en';
export const LOCALES: readonly Locale[] = ['fa', 'en'];
export const DEFAULT_LOCALE: Locale = 'fa';

// English is loaded eagerly wherever code runs on the server (its module is swapped for an empty
// one in the browser build, see vite.config.ts), and on demand in the browser: a page in Persian
// never downloads it, which keeps the wall board's JavaScript small.
const catalogues: Partial<Record<Locale, Record<MessageKey, string>>> = { fa, en: eagerEnglish };

/** How long a page waits for the English messages before it renders without them. */
export const CATALOGUE_WAIT_MS = 10_000;
/** The English fetch in flight, shared by concurrent callers; cleared when it fails so a later call retries. */
let englishFetch: Promise<void> | null = null;

/**
 * Makes a locale's messages available before rendering in it (a no-op once loaded, and on the
 * server); true when they are. Never throws and never waits longer than `waitMs`: when the English
 * messages cannot be fetched the page renders with the Persian ones (`translate` falls back) instead
 * of failing or hanging the navigation, and the next call tries again.
 */
export async function loadCatalogue(locale: Locale, waitMs = CATALOGUE_WAIT_MS): Promise<boolean> {
	if (catalogues[locale]) return true;
	englishFetch ??= import('./catalogue-en').then(
		(module) => {
			catalogues.en = module.en;
		},
		(error: unknown) => {
			englishFetch = null;
			console.warn('English messages could not be loaded; showing Persian', error);
		}
	);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
	await Promise.race([englishFetch, waited]);
	clearTimeout(timer);
	return Boolean(catalogues[locale]);
}
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Narrows any string to a supported locale, falling back to Persian. */
export function toLocale(value: string | null | undefined): Locale {
	return value === 'en' ? 'en' : 'fa';
}

/** Text direction of a locale. */
export function directionOf(locale: Locale): 'rtl' | 'ltr' {
	return locale === 'fa' ? 'rtl' : 'ltr';
}

/** Looks a message up and fills `{name}` placeholders; numbers show in the locale's digits. */
export function translate(
	locale: Locale,
	key: MessageKey,
	params?: Record<string, string | number>
): string {
	const template = (catalogues[locale] ?? fa)[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined) return `{${name}}`;
		const text = String(value);
		return locale === 'fa' && typeof value === 'number'
			? text.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)])
			: text;
	});
}

/** True when a string is a key of the catalogues (for messages carried through errors). */
export function isMessageKey(value: string): value is MessageKey {
	return value in fa;
}
