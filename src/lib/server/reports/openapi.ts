/** OpenAPI descriptions of the report endpoints. */
import { z } from 'zod';
import { registerEndpoint } from '../http/openapi';
import { reportApiQuery } from './api';
import { REPORT_KEYS } from './types';

const kind = z.enum([
	'text',
	'count',
	'hours',
	'minutes',
	'days',
	'percent',
	'score',
	'rials',
	'quantity',
	'date'
]);
const cell = z.union([z.string(), z.number(), z.null()]);

const reportResult = z
	.object({
		key: z.enum(REPORT_KEYS),
		title: z.string(),
		period: z.object({ from: z.string(), to: z.string() }).describe('ISO days (Tehran), inclusive'),
		generatedAt: z.string(),
		summary: z.array(
			z.object({
				label: z.string(),
				value: z.number().nullable(),
				kind,
				link: z.string().optional()
			})
		),
		charts: z.array(
			z.object({
				id: z.string(),
				title: z.string(),
				type: z.enum(['bar', 'line']),
				unit: kind,
				labels: z.array(z.string()),
				datasets: z.array(
					z.object({
						label: z.string(),
						data: z.array(z.number().nullable()),
						links: z.array(z.string().nullable()).optional()
					})
				),
				stacked: z.boolean().optional(),
				highlight: z.number().int().optional()
			})
		),
		tables: z.array(
			z.object({
				id: z.string(),
				title: z.string(),
				note: z.string().optional(),
				columns: z.array(z.object({ key: z.string(), label: z.string(), kind })),
				rows: z.array(
					z.object({
						cells: z.record(z.string(), cell),
						links: z
							.record(z.string(), z.string())
							.optional()
							.describe('Per column: the /search URL listing what the cell counts'),
						highlight: z.boolean().optional()
					})
				)
			})
		)
	})
	.meta({ id: 'ReportResult' });

const SUMMARIES = {
	durations: 'Service duration per technician (working hours, median and p90, monthly trend)',
	orders: 'Repair orders issued, completed and overdue by technician, service type and month',
	status:
		'Open requests per status with ageing, SLA compliance per priority, the bottleneck, and waited/served minutes per reception counter (table `counters`)',
	quality: 'QC rejection rate and score per technician, repeat repairs, replacements',
	warranty: 'Warranties expiring soon, warranty claims per product, parts used on warranty'
} as const;

for (const key of REPORT_KEYS) {
	registerEndpoint({
		method: 'get',
		path: `/api/v1/reports/${key}`,
		summary: SUMMARIES[key],
		description:
			'Dates (`from`, `to`) are Jalali (`1405/01/15`) or ISO days in any digits; ids take Persian, Arabic or Latin ' +
			'digits. The period defaults to the last 12 Jalali months. Figures are limited to the caller’s branch and ' +
			'agency. With `format=csv` or `format=xlsx` the report is returned as a file.',
		tags: ['Reports'],
		permission: { area: 'reports', level: 'view' },
		query: reportApiQuery(key),
		response: reportResult
	});
}
