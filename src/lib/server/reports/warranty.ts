/**
 * Warranty (گزارش گارانتی): active warranties ending in the next N days, warranty claims per
 * product (model) over the requests received in the period, and the parts consumed on the
 * warranty in the period with their cost at the parts' catalogue prices.
 */
import { sql } from 'drizzle-orm';
import { addDaysToJalaliDate, fromJalali, toJalali } from '#lib/domain/jalali';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { getDb } from '../db';
import { rowsOf } from '../search/rows';
import { isoDayOf, loadNames, searchLink } from './common';
import { at, rollupConditions, type ReportFilters } from './filters';
import type { ReportResult } from './types';

interface ExpiringRow {
	product_id: number;
	count: number;
}
interface ExpiringItem {
	serial: string;
	product_id: number;
	ends_on: string | Date;
	customer: string | null;
}
interface ClaimRow {
	product_id: number;
	code: string;
	claims: number;
	delivered: number;
	replaced: number;
}
interface PartRow {
	part_id: number;
	quantity: number;
	cost: string | number;
	lines: number;
}

/** How many expiring warranties the report lists one by one. */
const EXPIRING_LIST_LIMIT = 100;

/** Builds the warranty report. */
export async function warrantyReport(
	filters: ReportFilters,
	locale: Locale
): Promise<ReportResult> {
	const db = await getDb();
	const today = toJalali(filters.now);
	const horizonStart = fromJalali(today.jy, today.jm, today.jd);
	const end = addDaysToJalaliDate(today, filters.days);
	const horizonEnd = fromJalali(end.jy, end.jm, end.jd);
	// An agent sees the warranties of units their agency has sent in; warranties are not
	// per branch, so a branch's staff see them all (as on the warranty pages).
	const agencyScope =
		filters.agencyId === null
			? sql`true`
			: sql`exists (select 1 from service_request r where r.unit_id = w.unit_id and r.agency_id = ${filters.agencyId})`;
	const expiringWhere = sql`w.active and w.ends_on >= ${at(horizonStart)} and w.ends_on < ${at(horizonEnd)} and ${agencyScope}`;
	const expiring = rowsOf<ExpiringRow>(
		// A lookup per card (the end-date index finds few) rather than a join over every unit.
		await db.execute(sql`select product_id, count(*)::int as count
			from (select (select u.product_id from unit u where u.id = w.unit_id) as product_id
				from warranty w where ${expiringWhere}) e
			group by product_id order by count(*) desc, product_id`)
	).map((r) => ({ product_id: Number(r.product_id), count: Number(r.count) }));
	const expiringItems = rowsOf<ExpiringItem>(
		await db.execute(sql`select w.serial, u.product_id, w.ends_on, c.name as customer
			from warranty w join unit u on u.id = w.unit_id left join customer c on c.id = w.customer_id
			where ${expiringWhere} order by w.ends_on, w.id limit ${EXPIRING_LIST_LIMIT}`)
	);
	const claims = rowsOf<ClaimRow>(
		await db.execute(sql`select d.product_id, min(p.code) as code, sum(d.claims)::int as claims,
				sum(d.claims_delivered)::int as delivered, sum(d.claims_replaced)::int as replaced
			from report_request_daily d join product p on p.id = d.product_id
			where ${rollupConditions(filters)} and d.claims <> 0
			group by d.product_id having sum(d.claims) > 0 order by sum(d.claims) desc, d.product_id`)
	).map((r) => ({
		product_id: Number(r.product_id),
		code: String(r.code),
		claims: Number(r.claims),
		delivered: Number(r.delivered),
		replaced: Number(r.replaced)
	}));
	const parts = rowsOf<PartRow>(
		await db.execute(sql`select part_id, sum(quantity) as quantity, sum(cost_rials) as cost,
				sum(lines)::int as lines
			from report_part_daily where ${rollupConditions(filters)}
			group by part_id having sum(lines) > 0 order by sum(cost_rials) desc, part_id`)
	).map((r) => ({
		part_id: Number(r.part_id),
		quantity: Number(r.quantity),
		cost: Number(r.cost),
		lines: Number(r.lines)
	}));
	const name = await loadNames(locale, {
		product: [
			...expiring.map((r) => r.product_id),
			...expiringItems.map((r) => Number(r.product_id)),
			...claims.map((r) => r.product_id),
			...parts.map((r) => r.part_id)
		]
	});
	const t = (key: MessageKey) => translate(locale, key);
	// The search finds a product by its code among a request's identifiers.
	const claimLink = (code?: string) =>
		searchLink('requests', filters, 'received', { warranty: 'in', ...(code ? { q: code } : {}) });
	const partLink = (partId: number) =>
		searchLink('work-logs', filters, 'logged', {
			warranty: 'in',
			partName: name('product', partId)
		});
	const totalExpiring = expiring.reduce((s, r) => s + r.count, 0);
	const totalClaims = claims.reduce((s, r) => s + r.claims, 0);
	const totalCost = parts.reduce((s, r) => s + r.cost, 0);
	const daysLabel = translate(locale, 'reports.warranty.expiring', { days: filters.days });

	return {
		key: 'warranty',
		title: t('reports.warranty.title'),
		period: { from: isoDayOf(filters.from), to: isoDayOf(filters.to) },
		generatedAt: filters.now.toISOString(),
		summary: [
			{ label: daysLabel, value: totalExpiring, kind: 'count' },
			{
				label: t('reports.warranty.claims'),
				value: totalClaims,
				kind: 'count',
				link: claimLink()
			},
			{ label: t('reports.warranty.partsCost'), value: totalCost, kind: 'rials' }
		],
		charts: [
			{
				id: 'claims',
				title: t('reports.warranty.chartClaims'),
				type: 'bar',
				unit: 'count',
				labels: claims.map((r) => name('product', r.product_id)),
				datasets: [
					{
						label: t('reports.warranty.claims'),
						data: claims.map((r) => r.claims),
						links: claims.map((r) => claimLink(r.code))
					}
				]
			},
			{
				id: 'parts',
				title: t('reports.warranty.chartParts'),
				type: 'bar',
				unit: 'rials',
				labels: parts.map((r) => name('product', r.part_id)),
				datasets: [
					{
						label: t('reports.warranty.partsCost'),
						data: parts.map((r) => r.cost),
						links: parts.map((r) => partLink(r.part_id))
					}
				]
			}
		],
		tables: [
			{
				id: 'expiring',
				title: daysLabel,
				columns: [
					{ key: 'product', label: t('reports.col.product'), kind: 'text' },
					{ key: 'count', label: t('reports.warranty.count'), kind: 'count' }
				],
				rows: expiring.map((r) => ({
					cells: { product: name('product', r.product_id), count: r.count }
				}))
			},
			{
				id: 'expiring-list',
				title: t('reports.warranty.expiringList'),
				columns: [
					{ key: 'serial', label: t('reports.col.warrantySerial'), kind: 'text' },
					{ key: 'product', label: t('reports.col.product'), kind: 'text' },
					{ key: 'customer', label: t('reports.col.customer'), kind: 'text' },
					{ key: 'endsOn', label: t('reports.warranty.endsOn'), kind: 'date' }
				],
				rows: expiringItems.map((r) => ({
					cells: {
						serial: r.serial,
						product: name('product', Number(r.product_id)),
						customer: r.customer ?? '—',
						endsOn: new Date(r.ends_on).toISOString()
					},
					links: { serial: `/search/requests?warrantySerial=${encodeURIComponent(r.serial)}` }
				}))
			},
			{
				id: 'claims',
				title: t('reports.warranty.tableClaims'),
				columns: [
					{ key: 'product', label: t('reports.col.product'), kind: 'text' },
					{ key: 'claims', label: t('reports.warranty.claims'), kind: 'count' },
					{ key: 'delivered', label: t('reports.warranty.delivered'), kind: 'count' },
					{ key: 'replaced', label: t('reports.quality.replaced'), kind: 'count' }
				],
				rows: claims.map((r) => ({
					cells: {
						product: name('product', r.product_id),
						claims: r.claims,
						delivered: r.delivered,
						replaced: r.replaced
					},
					links: { claims: claimLink(r.code) }
				}))
			},
			{
				id: 'parts',
				title: t('reports.warranty.tableParts'),
				note: t('reports.warranty.partsNote'),
				columns: [
					{ key: 'part', label: t('reports.col.part'), kind: 'text' },
					{ key: 'quantity', label: t('reports.warranty.quantity'), kind: 'quantity' },
					{ key: 'lines', label: t('reports.warranty.lines'), kind: 'count' },
					{ key: 'cost', label: t('reports.warranty.cost'), kind: 'rials' }
				],
				rows: parts.map((r) => ({
					cells: {
						part: name('product', r.part_id),
						quantity: r.quantity,
						lines: r.lines,
						cost: r.cost
					},
					links: { part: partLink(r.part_id) }
				}))
			}
		]
	};
}
