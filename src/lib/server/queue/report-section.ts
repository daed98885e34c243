/**
 * The counters' part of the status report: waited and served time per counter for the tickets
 * taken in the report's period, in the report's branch scope. Registered with the status report
 * (which knows nothing of tickets) when this module is loaded.
 */
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { loadNames } from '../reports/common';
import type { ReportFilters } from '../reports/filters';
import { registerCounterQueueSection } from '../reports/status';
import type { ReportTable } from '../reports/types';
import { getCounterTimes } from './tickets';

/** Seconds as minutes with one decimal (the unit a queue is felt in). */
function minutes(seconds: number | null): number | null {
	return seconds === null ? null : Math.round((seconds / 60) * 10) / 10;
}

/**
 * The table of waited/served minutes per counter. Tickets belong to a branch, not an agency:
 * with an agency in scope (an agent, or a supervisor filtering by agency) there is no section.
 */
export async function counterQueueTable(
	filters: ReportFilters,
	locale: Locale
): Promise<ReportTable | null> {
	if (filters.agencyId !== null) return null;
	const rows = await getCounterTimes({
		branchId: filters.branchId ?? undefined,
		from: filters.from,
		to: filters.toExclusive
	});
	const name = await loadNames(locale, { branch: rows.map((r) => r.branchId) });
	const t = (key: MessageKey) => translate(locale, key);
	return {
		id: 'counters',
		title: t('queue.report.title'),
		note: t('queue.report.note'),
		columns: [
			{ key: 'counter', label: t('queue.report.counter'), kind: 'text' },
			{ key: 'branch', label: t('queue.report.branch'), kind: 'text' },
			{ key: 'called', label: t('queue.report.called'), kind: 'count' },
			{ key: 'served', label: t('queue.report.served'), kind: 'count' },
			{ key: 'noShows', label: t('queue.report.noShows'), kind: 'count' },
			{ key: 'waitedAvg', label: t('queue.report.waitedAvg'), kind: 'minutes' },
			{ key: 'waitedMedian', label: t('queue.report.waitedMedian'), kind: 'minutes' },
			{ key: 'waitedP90', label: t('queue.report.waitedP90'), kind: 'minutes' },
			{ key: 'servedAvg', label: t('queue.report.servedAvg'), kind: 'minutes' },
			{ key: 'servedMedian', label: t('queue.report.servedMedian'), kind: 'minutes' },
			{ key: 'servedP90', label: t('queue.report.servedP90'), kind: 'minutes' }
		],
		rows: rows.map((r) => ({
			cells: {
				counter: r.counterName,
				branch: name('branch', r.branchId),
				called: r.called,
				served: r.served,
				noShows: r.noShows,
				waitedAvg: minutes(r.waitedAvgSeconds),
				waitedMedian: minutes(r.waitedMedianSeconds),
				waitedP90: minutes(r.waitedP90Seconds),
				servedAvg: minutes(r.servedAvgSeconds),
				servedMedian: minutes(r.servedMedianSeconds),
				servedP90: minutes(r.servedP90Seconds)
			}
		}))
	};
}

registerCounterQueueSection(counterQueueTable);
