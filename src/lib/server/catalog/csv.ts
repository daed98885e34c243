/**
 * A small RFC 4180 reader for the synchronous imports of master data (a few thousand rows at
 * most). It takes what spreadsheets export in Iran: UTF-8 with or without BOM, CRLF or LF,
 * comma, semicolon or tab separators, and quoted fields with embedded separators or newlines.
 */

/** One non-empty record and the line of the file it starts on (1-based), for error messages. */
export interface CsvRecord {
	line: number;
	cells: string[];
}

/** Picks the separator that occurs most in the first line, outside quotes. */
function detectDelimiter(text: string): string {
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	let best = ',';
	let bestCount = 0;
	for (const candidate of [',', ';', '\t']) {
		const count = firstLine.replace(/"[^"]*"/g, '').split(candidate).length - 1;
		if (count > bestCount) {
			best = candidate;
			bestCount = count;
		}
	}
	return best;
}

/** Splits CSV text into records of trimmed cells; blank lines are skipped. */
export function parseCsv(input: string): CsvRecord[] {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const delimiter = detectDelimiter(text);
	const records: CsvRecord[] = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let line = 1;
	let recordLine = 1;
	const endRecord = () => {
		cells.push(cell);
		if (cells.some((c) => c.trim() !== ''))
			records.push({ line: recordLine, cells: cells.map((c) => c.trim()) });
		cells = [];
		cell = '';
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n') line++;
				cell += ch;
			}
			continue;
		}
		if (ch === '"' && cell.trim() === '') {
			quoted = true;
			cell = '';
		} else if (ch === delimiter) {
			cells.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else {
			cell += ch;
		}
	}
	if (cell !== '' || cells.length) endRecord();
	return records;
}
