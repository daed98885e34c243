/**
 * The reports context: one module per report, run for an actor with validated filters. The
 * permission is `reports` at `view`; the actor's branch and agency bound every figure.
 */
import type { z } from 'zod';
import type { Locale } from '#lib/i18n';
import { requirePermission, type Actor } from '../auth/access';
import { parseOrThrow } from '../http/errors';
import { durationReport } from './durations';
import {
	reportFilterSchema,
	resolveFilters,
	warrantyFilterSchema,
	type ReportFilters
} from './filters';
import { ordersReport } from './orders';
import { qualityReport } from './quality';
import { statusReport } from './status';
import type { ReportKey, ReportResult } from './types';
import { warrantyReport } from './warranty';
import './facts';
// The counters' waited/served section of the status report, for every entry (pages, API, exports).
import '../queue/report-section';

export { REPORT_KEYS, type ReportKey, type ReportResult } from './types';

const BUILDERS: Record<
	ReportKey,
	(filters: ReportFilters, locale: Locale) => Promise<ReportResult>
> = {
	durations: durationReport,
	orders: ordersReport,
	status: statusReport,
	quality: qualityReport,
	warranty: warrantyReport
};

/** The filter schema of a report (the warranty report adds its horizon in days). */
export function filterSchemaOf(key: ReportKey): z.ZodType {
	return key === 'warranty' ? warrantyFilterSchema : reportFilterSchema;
}

/** Runs one report for an actor: permission, filters (any digits, Jalali dates), scope. */
export async function runReport(
	actor: Actor,
	key: ReportKey,
	raw: unknown,
	locale: Locale,
	now: Date = new Date()
): Promise<ReportResult> {
	requirePermission(actor, 'reports', 'view');
	const input = parseOrThrow(filterSchemaOf(key), raw) as Parameters<typeof resolveFilters>[1];
	return BUILDERS[key](resolveFilters(actor, input, now), locale);
}
