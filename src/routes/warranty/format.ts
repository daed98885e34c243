/** Display helpers shared by the warranty pages. */
import { formatDate } from '#lib/domain/jalali';
import { formatMobileForDisplay } from '#lib/domain/mobile';
import type { Locale, MessageKey } from '#lib/i18n';

/** A day as the locale reads it (Jalali with Persian digits for fa), or an em dash. */
export function dayText(value: Date | string | null | undefined, locale: Locale): string {
	if (!value) return '—';
	return formatDate(value instanceof Date ? value : new Date(value), locale);
}

/** A mobile as Iranians write it, in the locale's digits. */
export function mobileText(mobile: string, locale: Locale): string {
	return formatMobileForDisplay(mobile, { digits: locale === 'fa' ? 'fa' : 'latin' });
}

/** Badge label and tone for where a warranty stands; a deactivated card says so first. */
export function stateBadge(
	state: string,
	active: boolean
): { label: MessageKey; tone: 'ok' | 'off' | 'warn' | '' } {
	if (!active) return { label: 'warranty.state.inactive', tone: 'off' };
	switch (state) {
		case 'active':
			return { label: 'warranty.state.active', tone: 'ok' };
		case 'grace':
			return { label: 'warranty.state.grace', tone: 'warn' };
		case 'expired':
			return { label: 'warranty.state.expired', tone: 'off' };
		default:
			return { label: 'warranty.state.pending', tone: '' };
	}
}

/** Name of a product or type in the locale. */
export function nameIn(locale: Locale, row: { nameFa: string; nameEn: string }): string {
	return locale === 'fa' ? row.nameFa : row.nameEn;
}
