/**
 * Money is integer Rials held as bigint: Iranian amounts reach billions of Rials routinely and
 * floating point must never decide a total. Toman (= 10 Rials) is only a display unit.
 */
import { formatNumber, parseLocaleBigInt, type DisplayLocale } from './text';

const RIALS_PER_TOMAN = 10n;

/** Divides by `divisor` rounding half away from zero, so a refund rounds like the sale it reverses. */
function divideHalfAwayFromZero(numerator: bigint, divisor: bigint): bigint {
	const negative = numerator < 0n;
	const magnitude = negative ? -numerator : numerator;
	const rounded = (magnitude + divisor / 2n) / divisor;
	return negative ? -rounded : rounded;
}

/** Converts Rials to Toman for display, rounding a stray 5 Rials up (half away from zero). */
export function rialsToToman(amount: bigint): bigint {
	return divideHalfAwayFromZero(amount, RIALS_PER_TOMAN);
}

/** Converts Toman typed by people into the Rials the system stores. */
export function tomanToRials(amount: bigint): bigint {
	return amount * RIALS_PER_TOMAN;
}

const UNIT_LABELS = {
	rial: { fa: 'ریال', en: 'IRR' },
	toman: { fa: 'تومان', en: 'Toman' }
} as const;

/** Formats an amount of Rials with separators and unit: `۱۲٬۵۰۰٬۰۰۰ ریال`, `12,500,000 IRR`, or in Toman. */
export function formatRials(
	amount: bigint,
	locale: DisplayLocale,
	options: { unit?: 'rial' | 'toman' } = {}
): string {
	const unit = options.unit ?? 'rial';
	const value = unit === 'toman' ? rialsToToman(amount) : amount;
	return `${formatNumber(value, locale)} ${UNIT_LABELS[unit][locale]}`;
}

/** Parses an amount typed in any digits with any thousands separators; null if not a whole number. */
export function parseRials(text: string): bigint | null {
	return parseLocaleBigInt(text);
}

/**
 * VAT on an amount at a rate in basis points (1000 = 10 %), rounded half-up to the whole Rial
 * (half away from zero for negative amounts, so a credit note mirrors its invoice exactly).
 */
export function computeVat(amount: bigint, rateBasisPoints: number | bigint): bigint {
	const rate =
		typeof rateBasisPoints === 'bigint'
			? rateBasisPoints
			: BigInt(checkedBasisPoints(rateBasisPoints));
	if (rate < 0n) throw new RangeError('VAT rate must not be negative');
	return divideHalfAwayFromZero(amount * rate, 10_000n);
}

function checkedBasisPoints(rate: number): number {
	if (!Number.isSafeInteger(rate))
		throw new RangeError('VAT rate must be a whole number of basis points');
	return rate;
}

const ONES = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'];
const TEENS = [
	'ده',
	'یازده',
	'دوازده',
	'سیزده',
	'چهارده',
	'پانزده',
	'شانزده',
	'هفده',
	'هجده',
	'نوزده'
];
const TENS = ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'];
const HUNDREDS = ['', 'یکصد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'];
// Short scale as used in Iran: میلیارد = 10^9, تریلیون = 10^12.
const SCALES = ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون', 'کوادریلیون'];
const LIMIT = 10n ** BigInt(SCALES.length * 3);

function wordsBelowThousand(n: number): string {
	const parts: string[] = [];
	const hundreds = Math.floor(n / 100);
	const rest = n % 100;
	if (hundreds > 0) parts.push(HUNDREDS[hundreds] ?? '');
	if (rest >= 10 && rest < 20) parts.push(TEENS[rest - 10] ?? '');
	else {
		if (rest >= 20) parts.push(TENS[Math.floor(rest / 10)] ?? '');
		if (rest % 10 > 0) parts.push(ONES[rest % 10] ?? '');
	}
	return parts.join(' و ');
}

/**
 * Writes an amount in Persian words as on cheques and invoices ("یک میلیون و دویست و پنجاه هزار").
 * Like cheque wording it says "یک هزار" and "یکصد" rather than the spoken "هزار" and "صد".
 */
export function amountInPersianWords(amount: bigint): string {
	if (amount === 0n) return 'صفر';
	if (amount < 0n) return `منفی ${amountInPersianWords(-amount)}`;
	if (amount >= LIMIT) throw new RangeError('amount too large to write in words');
	const groups: string[] = [];
	let rest = amount;
	for (let scale = 0; rest > 0n; scale++) {
		const group = Number(rest % 1000n);
		rest /= 1000n;
		if (group > 0)
			groups.unshift(
				scale === 0 ? wordsBelowThousand(group) : `${wordsBelowThousand(group)} ${SCALES[scale]}`
			);
	}
	return groups.join(' و ');
}
