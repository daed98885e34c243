/**
 * The benchmark data generator shared by `bench:search` and `bench:reports`: one million
 * requests (orders for eight in ten, work logs for six in ten) described as SQL expressions of
 * the generate_series row number, so each benchmark loads them set-based into its own tables.
 */
import { sql, type SQL } from 'drizzle-orm';

export const BRANCHES = 8;
export const TECHNICIANS = 60;
/** The benchmarks' "now": the end of the generated two years. */
export const NOW = new Date('2026-04-01T08:00:00Z');

export const FIRST = [
	'علی',
	'رضا',
	'مریم',
	'زهرا',
	'حسین',
	'فاطمه',
	'محمد',
	'سارا',
	'کاظم',
	'یاسمن',
	'کیوان',
	'نیلوفر',
	'مهدی',
	'پریسا',
	'یوسف',
	'کامران'
];
export const LAST = [
	'کریمی',
	'محمدی',
	'کاظمی',
	'رضایی',
	'حسینی',
	'یزدانی',
	'کرمانی',
	'یوسفی',
	'ملکی',
	'نیکپور',
	'کیانی',
	'صدیقی',
	'امینی',
	'یگانه',
	'کوهی',
	'شکیبا',
	'قاسمی',
	'یاری',
	'کمالی',
	'میرزایی'
];
export const PRODUCTS = [
	'یخچال فریزر ساید',
	'ماشین لباسشویی',
	'کولر گازی',
	'ماشین ظرفشویی',
	'اجاق گاز',
	'جاروبرقی',
	'مایکروفر',
	'تلویزیون'
];
export const COMPLAINTS = [
	'برفک می‌زند',
	'آب نشت می‌کند',
	'صدای زیاد دارد',
	'روشن نمی‌شود',
	'خنک نمی‌کند',
	'درب بسته نمی‌شود',
	'کد خطا می‌دهد',
	'برق را قطع می‌کند'
];
export const STATUSES = [
	'awaiting_assignment',
	'awaiting_cost',
	'awaiting_repair',
	'awaiting_qc',
	'ready_for_delivery',
	'delivered',
	'delivered',
	'delivered',
	'cancelled',
	'draft'
];
export const CHANNELS = [
	'in_person',
	'in_person',
	'in_person',
	'phone',
	'online',
	'agent',
	'sms',
	'telegram'
];

export const arr = (values: string[]) =>
	sql.raw(`array[${values.map((v) => `'${v}'`).join(',')}]::text[]`);
export const pick = (values: string[], expr: string) =>
	sql`(${arr(values)})[1 + (${sql.raw(expr)}) % ${values.length}]`;

/** Deterministic pseudo-random serial digits for row i (a bijection modulo 10^10). */
export const serialDigits = (expr: string) =>
	sql.raw(`lpad(((${expr})::bigint * 2654435761 % 10000000000)::text, 10, '0')`);

/** The search-document columns of row `g` (requests) or `r` (orders, work logs) out of `n`. */
export function columnsFor(kind: 'request' | 'order' | 'work_log', n: string): [string, SQL][] {
	const i = kind === 'request' ? 'g' : 'r';
	const name = sql`${pick(FIRST, `${i} * 7`)} || ' ' || ${pick(LAST, `${i} / 16`)}`;
	const deliverer = sql`${pick(FIRST, `${i} * 13 + 5`)} || ' ' || ${pick(LAST, `${i} * 3 + 1`)}`;
	const product = pick(PRODUCTS, `${i} * 11`);
	const complaint = pick(COMPLAINTS, `${i} * 17`);
	const form = sql.raw(
		`'B' || lpad((1 + ${i} % ${BRANCHES})::text, 2, '0') || '-1404-' || lpad(${i}::text, 7, '0')`
	);
	const mobile = sql.raw(`'+989' || lpad(((${i})::bigint * 48271 % 1000000000)::text, 9, '0')`);
	const keys = sql`array[
		'f:' || replace(${form}, '-', ''),
		'p:SN' || ${serialDigits(i)},
		'w:W' || ${serialDigits(`${i} + 7`)},
		'm:0' || substr(${mobile}, 4),
		'c:P' || (${sql.raw(i)} % 8)
	]`;
	const created =
		kind === 'request'
			? sql.raw(`timestamptz '2024-04-01' + (${i}::float8 / ${n}) * interval '730 days'`)
			: kind === 'order'
				? sql.raw(
						`timestamptz '2024-04-01' + (${i}::float8 / ${n}) * interval '730 days' + interval '1 day'`
					)
				: sql.raw(
						`timestamptz '2024-04-01' + (${i}::float8 / ${n}) * interval '730 days' + interval '3 days'`
					);
	const day1 = sql.raw(
		`timestamptz '2024-04-01' + (${i}::float8 / ${n}) * interval '730 days' + interval '1 day'`
	);
	const ordered =
		kind === 'request' ? sql`case when ${sql.raw(i)} % 10 < 8 then ${day1} end` : day1;
	return [
		['request_id', sql.raw(i)],
		['branch_id', sql.raw(`1 + ${i} % ${BRANCHES}`)],
		['counter_id', sql.raw(`1 + ${i} % ${BRANCHES * 3}`)],
		['agency_id', sql.raw(`case when ${i} % 8 = 5 then 1 + ${i} % 20 end`)],
		['channel', pick(CHANNELS, i)],
		['customer_id', sql.raw(`${i} % 400000`)],
		['product_id', sql.raw(`1 + ${i} % 8`)],
		['list_id', sql.raw(`case when ${i} % 50 = 0 then ${i} / 50 end`)],
		['technician_id', sql.raw(`1 + (${i} * 7) % ${TECHNICIANS}`)],
		['priority_id', sql.raw(`1 + ${i} % 3`)],
		['service_type_id', sql.raw(`1 + ${i} % 4`)],
		['form_number', form],
		[
			'list_number',
			sql.raw(`case when ${i} % 50 = 0 then 'B01-1404-L' || lpad((${i} / 50)::text, 6, '0') end`)
		],
		['customer_name', name],
		['customer_mobile', mobile],
		['deliverer_name', deliverer],
		['product_code', sql.raw(`'P' || (${i} % 8)`)],
		['product_name_fa', product],
		['product_name_en', sql.raw(`'product ' || (${i} % 8)`)],
		['unit_serial', sql`'SN' || ${serialDigits(i)}`],
		['warranty_serial', sql`'W' || ${serialDigits(`${i} + 7`)}`],
		[
			'part_names',
			sql.raw(
				`case when ${i} % 3 = 0 then 'کمپرسور' when ${i} % 3 = 1 then 'ترموستات' else 'برد اصلی' end`
			)
		],
		[
			'coverage',
			sql.raw(
				`case when ${i} % 3 = 0 then 'active' when ${i} % 3 = 1 then 'expired' else 'none' end`
			)
		],
		['in_warranty', sql.raw(`${i} % 3 = 0`)],
		['replacement_flag', sql.raw(`${i} % 97 = 0`)],
		['due_at', sql.raw(`timestamptz '2024-04-03' + (${i}::float8 / ${n}) * interval '730 days'`)],
		[
			'resolved_at',
			sql.raw(
				`case when ${i} % 10 < 6 then timestamptz '2024-04-02' + (${i}::float8 / ${n}) * interval '730 days' + (${i} % 5) * interval '1 day' end`
			)
		],
		['resolved_late', sql.raw(`${i} % 10 < 6 and ${i} % 5 > 1`)],
		[
			'received_at',
			sql.raw(`timestamptz '2024-04-01' + (${i}::float8 / ${n}) * interval '730 days'`)
		],
		['ordered_at', ordered],
		['created_at', created],
		// The seed's words are already in folded form (Persian ی/ک, no marks), so the fold is
		// skipped here except for the half-spaces of the complaints; it is the load's hot spot.
		['customer_norm', name],
		['deliverer_norm', deliverer],
		[
			'parts_norm',
			sql.raw(
				`case when ${i} % 3 = 0 then 'کمپرسور' when ${i} % 3 = 1 then 'ترموستات' else 'برد اصلی' end`
			)
		],
		[
			'text_norm',
			sql`concat_ws(' ', ${name}, ${deliverer}, ${product}, replace(${complaint}, chr(8204), ' '))`
		],
		['keys', keys],
		['serials', sql`' ' || array_to_string(${keys}, ' ') || ' '`]
	];
}
