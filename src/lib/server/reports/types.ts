/**
 * The shape every report answers with: summary figures, charts and tables, labels already in the
 * caller's language, numbers raw (the page formats digits; exports keep them numeric), and for
 * each figure the /search URL that lists what it counts.
 */

export const REPORT_KEYS = ['durations', 'orders', 'status', 'quality', 'warranty'] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

/** How a number is shown: hours or minutes with one decimal, percentages, Rials with separators… */
export type CellKind =
	| 'text'
	| 'count'
	| 'hours'
	| 'minutes'
	| 'days'
	| 'percent'
	| 'score'
	| 'rials'
	| 'quantity'
	| 'date';

export type Cell = string | number | null;

export interface ReportColumn {
	key: string;
	label: string;
	kind: CellKind;
}

export interface ReportRow {
	cells: Record<string, Cell>;
	/** Per column: the /search URL listing what the cell counts. */
	links?: Record<string, string>;
	/** Marks the row (the bottleneck status). */
	highlight?: boolean;
}

export interface ReportTable {
	id: string;
	title: string;
	columns: ReportColumn[];
	rows: ReportRow[];
	note?: string;
}

export interface ReportDataset {
	label: string;
	data: (number | null)[];
	/** Per point: where a click on the bar or point goes. */
	links?: (string | null)[];
}

export interface ReportChart {
	id: string;
	title: string;
	type: 'bar' | 'line';
	/** Unit of the values axis. */
	unit: CellKind;
	labels: string[];
	datasets: ReportDataset[];
	stacked?: boolean;
	/** Index of a bar to draw in the warning colour (the bottleneck). */
	highlight?: number;
}

export interface ReportFigure {
	label: string;
	value: number | null;
	kind: CellKind;
	link?: string;
}

export interface ReportResult {
	key: ReportKey;
	title: string;
	/** The period as ISO days (Tehran), both ends inclusive. */
	period: { from: string; to: string };
	generatedAt: string;
	summary: ReportFigure[];
	charts: ReportChart[];
	tables: ReportTable[];
}
