/**
 * Notification wording: `{name}` placeholders filled from the event's facts. Unknown
 * placeholders stay visible so an admin sees a typo in the preview instead of a silent gap.
 */
import { toPersianDigits } from './text';

export type TemplateParams = Record<string, string | number | null | undefined>;

/** Names of the placeholders a template body uses, in order of first appearance. */
export function templatePlaceholders(body: string): string[] {
	const names: string[] = [];
	for (const match of body.matchAll(/\{(\w+)\}/g)) {
		if (!names.includes(match[1]!)) names.push(match[1]!);
	}
	return names;
}

/** Fills placeholders; in Persian, numbers (not free text such as serials) show in Persian digits. */
export function renderTemplate(body: string, params: TemplateParams, locale: 'fa' | 'en'): string {
	return body.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		if (value === null) return '';
		return locale === 'fa' && typeof value === 'number' ? toPersianDigits(value) : String(value);
	});
}

/** Placeholders a body uses that the template does not offer; an admin's save is refused with these. */
export function unknownPlaceholders(body: string, allowed: readonly string[]): string[] {
	return templatePlaceholders(body).filter((name) => !allowed.includes(name));
}
