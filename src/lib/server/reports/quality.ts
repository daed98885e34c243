/**
 * Quality (گزارش کیفیت): QC rejection rate and average score per technician over the work logged
 * in the period; repeat repairs (the same unit back within 30 or 90 days of its last delivery);
 * units over the replacement threshold and replacements, per product, over the requests
 * received in the period.
 */
import { sql } from 'drizzle-orm';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { getDb } from '../db';
import { rowsOf } from '../search/rows';
import { isoDayOf, loadNames, percent, searchLink } from './common';
import { factConditions, rollupConditions, type ReportFilters } from './filters';
import type { ReportResult, ReportRow } from './types';

interface QcRow {
	technician_id: number | null;
	gt: number;
	reviews: number;
	rejected: number;
	avg_score: number | null;
}

interface ProductRow {
	product_id: number | null;
	gp: number;
	requests: number;
	repeat30: number;
	repeat90: number;
	flagged: number;
	replaced: number;
}

interface RepeatRow {
	request_id: number;
	form_number: string;
	product_id: number;
	technician_id: number | null;
	repeat_gap_days: number;
	received_at: string | Date;
}

/** How many repeat repairs the report lists one by one. */
const REPEAT_LIST_LIMIT = 50;

/** Builds the quality report. */
export async function qualityReport(filters: ReportFilters, locale: Locale): Promise<ReportResult> {
	const db = await getDb();
	const qcRows = rowsOf<QcRow>(
		await db.execute(sql`select technician_id, grouping(technician_id)::int as gt,
				sum(reviews)::int as reviews, sum(rejected)::int as rejected,
				sum(score_sum)::float8 / nullif(sum(reviews), 0) as avg_score
			from report_qc_daily where ${rollupConditions(filters)}
			group by grouping sets ((technician_id), ())`)
	).map((r) => ({
		technician_id: r.technician_id ? Number(r.technician_id) : null,
		gt: Number(r.gt),
		reviews: Number(r.reviews),
		rejected: Number(r.rejected),
		avg_score: r.avg_score === null ? null : Math.round(Number(r.avg_score) * 10) / 10
	}));
	const productRows = rowsOf<ProductRow>(
		await db.execute(sql`select product_id, grouping(product_id)::int as gp,
				sum(requests)::int as requests, sum(repeat30)::int as repeat30,
				sum(repeat90)::int as repeat90, sum(flagged)::int as flagged, sum(replaced)::int as replaced
			from report_request_daily where ${rollupConditions(filters)}
			group by grouping sets ((product_id), ())`)
	).map((r) => ({
		product_id: r.product_id === null ? null : Number(r.product_id),
		gp: Number(r.gp),
		requests: Number(r.requests),
		repeat30: Number(r.repeat30),
		repeat90: Number(r.repeat90),
		flagged: Number(r.flagged),
		replaced: Number(r.replaced)
	}));
	const repeats = rowsOf<RepeatRow>(
		await db.execute(sql`select f.request_id, r.form_number, f.product_id, f.technician_id,
				f.repeat_gap_days, f.received_at
			from report_request_fact f join service_request r on r.id = f.request_id
			where ${factConditions(filters, { dateColumn: 'received_at', alias: 'f' })}
				and f.repeat_gap_days <= 90
			order by f.received_at desc, f.request_id desc limit ${REPEAT_LIST_LIMIT}`)
	);
	const technicians = qcRows
		.filter((r) => r.gt === 0)
		.sort((a, b) => b.reviews - a.reviews || (a.technician_id ?? 0) - (b.technician_id ?? 0));
	const qcTotal = qcRows.find((r) => r.gt === 1);
	const products = productRows
		.filter((r) => r.gp === 0 && (r.repeat90 > 0 || r.flagged > 0 || r.replaced > 0))
		.sort((a, b) => b.repeat90 - a.repeat90 || b.requests - a.requests);
	const productTotal = productRows.find((r) => r.gp === 1);
	const name = await loadNames(locale, {
		technician: [
			...technicians.map((r) => r.technician_id),
			...repeats.map((r) => r.technician_id)
		],
		product: [...products.map((r) => r.product_id), ...repeats.map((r) => Number(r.product_id))]
	});
	const t = (key: MessageKey) => translate(locale, key);
	const logLink = (extra: Record<string, unknown>) =>
		searchLink('work-logs', filters, 'logged', extra);
	const requestLink = (extra: Record<string, unknown>) =>
		searchLink('requests', filters, 'received', extra);

	const technicianRows: ReportRow[] = technicians.map((r) => ({
		cells: {
			technician: name('technician', r.technician_id),
			reviews: r.reviews,
			rejected: r.rejected,
			rate: percent(r.rejected, r.reviews),
			score: r.avg_score
		},
		links:
			r.technician_id === null
				? undefined
				: {
						technician: logLink({ technicianId: r.technician_id }),
						reviews: logLink({ technicianId: r.technician_id, status: ['approved', 'rejected'] }),
						rejected: logLink({ technicianId: r.technician_id, status: ['rejected'] })
					}
	}));

	return {
		key: 'quality',
		title: t('reports.quality.title'),
		period: { from: isoDayOf(filters.from), to: isoDayOf(filters.to) },
		generatedAt: filters.now.toISOString(),
		summary: [
			{
				label: t('reports.quality.rate'),
				value: qcTotal ? percent(qcTotal.rejected, qcTotal.reviews) : null,
				kind: 'percent',
				link: logLink({ status: ['rejected'] })
			},
			{ label: t('reports.quality.score'), value: qcTotal?.avg_score ?? null, kind: 'score' },
			{ label: t('reports.quality.repeat30'), value: productTotal?.repeat30 ?? 0, kind: 'count' },
			{ label: t('reports.quality.repeat90'), value: productTotal?.repeat90 ?? 0, kind: 'count' },
			{
				label: t('reports.quality.flagged'),
				value: productTotal?.flagged ?? 0,
				kind: 'count',
				link: requestLink({ replacementFlag: true })
			},
			{
				label: t('reports.quality.replaced'),
				value: productTotal?.replaced ?? 0,
				kind: 'count',
				link: requestLink({ status: ['replaced'] })
			}
		],
		charts: [
			{
				id: 'rejection-rate',
				title: t('reports.quality.chartRate'),
				type: 'bar',
				unit: 'percent',
				labels: technicians.map((r) => name('technician', r.technician_id)),
				datasets: [
					{
						label: t('reports.quality.rate'),
						data: technicians.map((r) => percent(r.rejected, r.reviews)),
						links: technicians.map((r) =>
							r.technician_id === null
								? null
								: logLink({ technicianId: r.technician_id, status: ['rejected'] })
						)
					}
				]
			},
			{
				id: 'score',
				title: t('reports.quality.chartScore'),
				type: 'bar',
				unit: 'score',
				labels: technicians.map((r) => name('technician', r.technician_id)),
				datasets: [
					{
						label: t('reports.quality.score'),
						data: technicians.map((r) => r.avg_score),
						links: technicians.map((r) =>
							r.technician_id === null ? null : logLink({ technicianId: r.technician_id })
						)
					}
				]
			}
		],
		tables: [
			{
				id: 'technicians',
				title: t('reports.quality.tableTechnicians'),
				columns: [
					{ key: 'technician', label: t('reports.col.technician'), kind: 'text' },
					{ key: 'reviews', label: t('reports.quality.reviews'), kind: 'count' },
					{ key: 'rejected', label: t('reports.quality.rejected'), kind: 'count' },
					{ key: 'rate', label: t('reports.quality.rate'), kind: 'percent' },
					{ key: 'score', label: t('reports.quality.score'), kind: 'score' }
				],
				rows: technicianRows
			},
			{
				id: 'products',
				title: t('reports.quality.tableProducts'),
				columns: [
					{ key: 'product', label: t('reports.col.product'), kind: 'text' },
					{ key: 'requests', label: t('reports.quality.requests'), kind: 'count' },
					{ key: 'repeat30', label: t('reports.quality.repeat30'), kind: 'count' },
					{ key: 'repeat90', label: t('reports.quality.repeat90'), kind: 'count' },
					{ key: 'flagged', label: t('reports.quality.flagged'), kind: 'count' },
					{ key: 'replaced', label: t('reports.quality.replaced'), kind: 'count' }
				],
				rows: products.map((r) => ({
					cells: {
						product: name('product', r.product_id),
						requests: r.requests,
						repeat30: r.repeat30,
						repeat90: r.repeat90,
						flagged: r.flagged,
						replaced: r.replaced
					}
				}))
			},
			{
				id: 'repeats',
				title: t('reports.quality.tableRepeats'),
				note: t('reports.quality.repeatsNote'),
				columns: [
					{ key: 'form', label: t('reports.col.form'), kind: 'text' },
					{ key: 'product', label: t('reports.col.product'), kind: 'text' },
					{ key: 'technician', label: t('reports.col.technician'), kind: 'text' },
					{ key: 'gap', label: t('reports.quality.gapDays'), kind: 'days' },
					{ key: 'received', label: t('reports.col.received'), kind: 'date' }
				],
				rows: repeats.map((r) => ({
					cells: {
						form: r.form_number,
						product: name('product', Number(r.product_id)),
						technician: name(
							'technician',
							r.technician_id === null ? null : Number(r.technician_id)
						),
						gap: Number(r.repeat_gap_days),
						received: new Date(r.received_at).toISOString()
					},
					links: { form: `/search/requests?formNumber=${encodeURIComponent(r.form_number)}` }
				}))
			}
		]
	};
}
