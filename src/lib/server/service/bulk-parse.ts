import { normalizePersian } from '#lib/domain/text';
import { parseCsv } from '../catalog/csv';

/** One line of a bulk intake list as typed, pasted or uploaded. */
export interface BulkLine {
	/** Line of the source text (1-based), or position in a JSON list, for the error report. */
	line: number;
	serial: string;
	productCode?: string;
	complaint?: string;
	accessories?: string;
	condition?: string;
}

type Column = Exclude<keyof BulkLine, 'line'>;

/** Column positions when the text has no header row. */
const POSITIONAL: readonly Column[] = [
	'serial',
	'productCode',
	'complaint',
	'accessories',
	'condition'
];

// Header names people use, folded (ی/ک, spaces and separators removed, lower case).
const HEADER_NAMES: Record<string, Column> = {
	serial: 'serial',
	serialnumber: 'serial',
	سریال: 'serial',
	شمارهسریال: 'serial',
	سریالکالا: 'serial',
	سریالگارانتی: 'serial',
	productcode: 'productCode',
	code: 'productCode',
	کدکالا: 'productCode',
	complaint: 'complaint',
	شرحایراد: 'complaint',
	ایراد: 'complaint',
	accessories: 'accessories',
	لوازمهمراه: 'accessories',
	condition: 'condition',
	وضعیتظاهری: 'condition'
};

function headerKey(cell: string): Column | undefined {
	return HEADER_NAMES[normalizePersian(cell).replace(/[\s_\-.]/g, '')];
}

/**
 * Reads a bulk list: one serial per line (typed or scanned), or CSV with the columns serial,
 * product code, complaint, accessories, condition — in that order, or in any order under a
 * header row in English or Persian. Blank lines are skipped; line numbers stay those of the text.
 */
export function parseBulkText(text: string): BulkLine[] {
	const records = parseCsv(text);
	if (!records.length) return [];
	const header = records[0]!.cells.map(headerKey);
	const hasHeader = header.includes('serial');
	const columns = hasHeader ? header : POSITIONAL;
	const lines: BulkLine[] = [];
	for (const record of hasHeader ? records.slice(1) : records) {
		const line: BulkLine = { line: record.line, serial: '' };
		record.cells.forEach((cell, i) => {
			const column = columns[i];
			if (column && cell) line[column] = cell;
		});
		lines.push(line);
	}
	return lines;
}
