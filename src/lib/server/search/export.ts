/**
 * Exports of a search (every page of it) as CSV or XLSX with the page's visible columns and
 * headers in the user's language. Rows are streamed: pages are read by keyset as the client
 * consumes the file, so 100,000 rows never sit in memory at once.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Locale } from '#lib/i18n';
import { requirePermission, type Actor } from '../auth/access';
import { cellsOf, columnLabels, lookupsOf } from './columns';
import { AREA_OF, searchParsed } from './index';
import { loadSearchChoices } from './options';
import { isoDayOf, type SearchKind, type SearchParams } from './params';

export type ExportFormat = 'csv' | 'xlsx';

/** Rows per engine round trip while exporting. */
const EXPORT_PAGE = 1_000;

/** Every row of a search as cells, page by page. */
export async function* exportRows(
	actor: Actor,
	kind: SearchKind,
	params: SearchParams,
	locale: Locale
): AsyncGenerator<(string | number)[]> {
	const names = lookupsOf(await loadSearchChoices(actor));
	const now = new Date();
	let cursor: string | undefined;
	for (;;) {
		const page = await searchParsed(
			actor,
			kind,
			{ ...params, limit: EXPORT_PAGE, cursor },
			{ facets: false, now }
		);
		for (const hit of page.items) yield cellsOf(kind, hit, { locale, medium: 'file', names });
		if (!page.nextCursor) return;
		cursor = page.nextCursor;
	}
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number): string {
	if (typeof value === 'number') return String(value);
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function fileName(kind: SearchKind, format: ExportFormat): string {
	return `search-${kind}-${isoDayOf(new Date())}.${format}`;
}

function csvStream(
	header: string[],
	rows: AsyncGenerator<(string | number)[]>
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!started) {
				started = true;
				// The BOM makes Excel read the file as UTF-8, so Persian text is not garbled.
				controller.enqueue(encoder.encode(`\uFEFF${header.map(csvCell).join(',')}\r\n`));
				return;
			}
			let chunk = '';
			for (let i = 0; i < 500; i++) {
				const next = await rows.next();
				if (next.done) {
					if (chunk) controller.enqueue(encoder.encode(chunk));
					controller.close();
					return;
				}
				chunk += `${next.value.map(csvCell).join(',')}\r\n`;
			}
			controller.enqueue(encoder.encode(chunk));
		},
		async cancel() {
			await rows.return(undefined);
		}
	});
}

function xlsxStream(
	header: string[],
	rows: AsyncGenerator<(string | number)[]>,
	locale: Locale
): ReadableStream<Uint8Array> {
	const out = new PassThrough();
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	const sheet = workbook.addWorksheet('search', {
		views: [{ rightToLeft: locale === 'fa', state: 'frozen', ySplit: 1 }]
	});
	(async () => {
		const head = sheet.addRow(header);
		head.font = { bold: true };
		head.commit();
		for await (const cells of rows) sheet.addRow(cells).commit();
		sheet.commit();
		await workbook.commit();
	})().catch((error: unknown) => out.destroy(error as Error));
	return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

/** The streamed file of a search for an actor. */
export function exportResponse(
	actor: Actor,
	kind: SearchKind,
	params: SearchParams,
	format: ExportFormat,
	locale: Locale
): Response {
	// Checked before the first byte: once streaming has begun, a 403 can no longer be sent.
	requirePermission(actor, AREA_OF[kind], 'view');
	const header = columnLabels(kind, locale);
	const rows = exportRows(actor, kind, params, locale);
	const body = format === 'csv' ? csvStream(header, rows) : xlsxStream(header, rows, locale);
	const type =
		format === 'csv'
			? 'text/csv; charset=utf-8'
			: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${fileName(kind, format)}"`,
			'cache-control': 'no-store'
		}
	});
}
