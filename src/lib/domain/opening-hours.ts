/**
 * A branch's weekly opening hours as one line a customer can read in an SMS: consecutive days
 * with the same hours are grouped ("Sat–Wed 08:00–17:00, Thu 08:00–13:00"), closed days left out.
 */
import { formatIntervals, type StoredWeeklyHours } from './hours-input';
import { toPersianDigits, type DisplayLocale } from './text';

const DAY_NAMES: Record<DisplayLocale, readonly string[]> = {
	fa: ['شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه'],
	en: ['Sat', 'Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri']
};

/** Formats Saturday-first stored hours; empty string when the branch has no hours on file. */
export function formatOpeningHours(
	stored: StoredWeeklyHours | null | undefined,
	locale: DisplayLocale
): string {
	const days = Array.from({ length: 7 }, (_, i) =>
		formatIntervals((stored?.[String(i)] ?? []).map(([s, e]) => [s, e] as const))
	);
	const groups: { from: number; to: number; hours: string }[] = [];
	days.forEach((hours, i) => {
		const last = groups.at(-1);
		if (last && last.hours === hours && last.to === i - 1) last.to = i;
		else groups.push({ from: i, to: i, hours });
	});
	const names = DAY_NAMES[locale];
	const range = locale === 'fa' ? ' تا ' : '–';
	const parts = groups
		.filter((g) => g.hours)
		.map((g) => {
			const label = g.from === g.to ? names[g.from] : `${names[g.from]}${range}${names[g.to]}`;
			return `${label} ${g.hours}`;
		});
	const text = parts.join(locale === 'fa' ? '، ' : ', ');
	return locale === 'fa' ? toPersianDigits(text) : text;
}
