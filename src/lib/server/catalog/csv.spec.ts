import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
	it('reads a UTF-8 file with BOM and CRLF line ends', () => {
		const rows = parseCsv('\uFEFFcode,serial\r\nRF-1,۱۲۳\r\n');
		expect(rows).toEqual([
			{ line: 1, cells: ['code', 'serial'] },
			{ line: 2, cells: ['RF-1', '۱۲۳'] }
		]);
	});

	it('handles quoted separators, doubled quotes and newlines inside quotes', () => {
		const rows = parseCsv('a,"b, c","say ""hi"""\n"multi\nline",x,y\nlast,1,2');
		expect(rows[0]!.cells).toEqual(['a', 'b, c', 'say "hi"']);
		expect(rows[1]!.cells).toEqual(['multi\nline', 'x', 'y']);
		expect(rows[2]).toEqual({ line: 4, cells: ['last', '1', '2'] });
	});

	it('detects semicolon and tab separators and skips blank lines', () => {
		expect(parseCsv('a;b;c\n\n1;2;3').map((r) => r.cells)).toEqual([
			['a', 'b', 'c'],
			['1', '2', '3']
		]);
		expect(parseCsv('a\tb\n1\t2')[1]).toEqual({ line: 2, cells: ['1', '2'] });
	});

	it('keeps empty cells', () => {
		expect(parseCsv('a,,c\n')[0]!.cells).toEqual(['a', '', 'c']);
	});
});
