/**
 * A report as a file: CSV (every table one after the other, titled) or XLSX (a summary sheet and
 * one sheet per table, right-to-left in Persian). Report tables are small (tens to hundreds of
 * rows), so the workbook is built in memory with the same ExcelJS the search exports stream with.
 */
import ExcelJS from 'exceljs';
import { formatJalaliDate } from '#lib/domain/jalali';
import type { Locale } from '#lib/i18n';
import { translate } from '#lib/i18n';
import { csvCell } from '../search/export';
import { isoDayOf } from '../search/params';
import type { Cell, ReportResult, ReportTable } from './types';

export type ReportFormat = 'csv' | 'xlsx';

/** A cell as written to a file: dates as Jalali (fa) or ISO days (en), numbers kept numeric. */
function fileCell(value: Cell, kind: string, locale: Locale): string | number {
	if (value === null) return '';
	if (kind === 'date' && typeof value === 'string') {
		const date = new Date(value);
		return locale === 'fa' ? formatJalaliDate(date) : isoDayOf(date);
	}
	return value;
}

function tableRows(table: ReportTable, locale: Locale): (string | number)[][] {
	return table.rows.map((row) =>
		table.columns.map((c) => fileCell(row.cells[c.key] ?? null, c.kind, locale))
	);
}

function summaryRows(report: ReportResult, locale: Locale): (string | number)[][] {
	return [
		[report.title],
		[translate(locale, 'reports.period'), `${report.period.from} — ${report.period.to}`],
		...report.summary.map((f) => [f.label, f.value ?? ''])
	];
}

/** The report as CSV text (UTF-8 with BOM so spreadsheets read Persian correctly). */
export function reportCsv(report: ReportResult, locale: Locale): string {
	const lines: string[] = [];
	const push = (cells: (string | number)[]) => lines.push(cells.map(csvCell).join(','));
	for (const row of summaryRows(report, locale)) push(row);
	for (const table of report.tables) {
		lines.push('');
		push([table.title]);
		push(table.columns.map((c) => c.label));
		for (const row of tableRows(table, locale)) push(row);
	}
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Sheet names: at most 31 characters, none of []:*?/\ , unique within the workbook. */
function sheetName(title: string, used: Set<string>): string {
	const base =
		title
			.replace(/[[\]:*?/\\]/g, ' ')
			.slice(0, 28)
			.trim() || 'sheet';
	let name = base;
	for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)} ${i}`;
	used.add(name);
	return name;
}

/** The report as an XLSX workbook. */
export async function reportXlsx(
	report: ReportResult,
	locale: Locale
): Promise<Uint8Array<ArrayBuffer>> {
	const workbook = new ExcelJS.Workbook();
	const views = [{ rightToLeft: locale === 'fa' }];
	const used = new Set<string>();
	const summary = workbook.addWorksheet(sheetName(translate(locale, 'reports.summary'), used), {
		views
	});
	for (const row of summaryRows(report, locale)) summary.addRow(row);
	summary.getRow(1).font = { bold: true };
	summary.getColumn(1).width = 40;
	for (const table of report.tables) {
		const sheet = workbook.addWorksheet(sheetName(table.title, used), {
			views: [{ rightToLeft: locale === 'fa', state: 'frozen', ySplit: 1 }]
		});
		sheet.addRow(table.columns.map((c) => c.label)).font = { bold: true };
		for (const row of tableRows(table, locale)) sheet.addRow(row);
		table.columns.forEach((c, i) => {
			sheet.getColumn(i + 1).width = c.kind === 'text' ? 28 : 14;
			if (c.kind === 'rials') sheet.getColumn(i + 1).numFmt = '#,##0';
		});
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
}

/** The HTTP response carrying a report file. */
export async function reportFileResponse(
	report: ReportResult,
	format: ReportFormat,
	locale: Locale
): Promise<Response> {
	const name = `report-${report.key}-${report.period.from}-${report.period.to}.${format}`;
	const body: BodyInit =
		format === 'csv' ? reportCsv(report, locale) : await reportXlsx(report, locale);
	return new Response(body, {
		headers: {
			'content-type':
				format === 'csv'
					? 'text/csv; charset=utf-8'
					: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'no-store'
		}
	});
}
