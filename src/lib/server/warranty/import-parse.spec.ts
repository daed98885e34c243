import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatJalaliDate } from '#lib/domain/jalali';
import {
	cellText,
	CompactStringSet,
	CsvParser,
	DEFAULT_COLUMNS,
	mapHeader,
	readCsvRecords,
	readXlsxRecords,
	RowValidator,
	toRawRow,
	type FileRecord,
	type ImportType
} from './import-parse';

function parseAll(text: string, chunkSize = text.length): FileRecord[] {
	const parser = new CsvParser();
	const out: FileRecord[] = [];
	for (let i = 0; i < text.length; i += chunkSize)
		out.push(...parser.push(text.slice(i, i + chunkSize)));
	out.push(...parser.end());
	return out;
}

async function collect(source: AsyncGenerator<FileRecord[]>): Promise<FileRecord[]> {
	const all: FileRecord[] = [];
	for await (const batch of source) all.push(...batch);
	return all;
}

describe('CSV parsing', () => {
	const tricky =
		'serial,code,note\r\n' +
		'"A-1","TV,55","He said ""hi"""\r\n' +
		'\r\n' +
		'B-2,RF,"two\nlines"\r\n' +
		'C-3,,\r\n' +
		'D-4,X,last';

	it('handles quotes, doubled quotes, separators and line breaks inside quotes, CRLF, blank lines', () => {
		expect(parseAll(tricky)).toEqual([
			{ rowNo: 1, cells: ['serial', 'code', 'note'] },
			{ rowNo: 2, cells: ['A-1', 'TV,55', 'He said "hi"'] },
			{ rowNo: 4, cells: ['B-2', 'RF', 'two\nlines'] },
			{ rowNo: 5, cells: ['C-3', '', ''] },
			{ rowNo: 6, cells: ['D-4', 'X', 'last'] }
		]);
	});

	it('gives the same records however the text is chunked', () => {
		const whole = parseAll(tricky);
		for (const size of [1, 2, 3, 5, 7, 16]) expect(parseAll(tricky, size)).toEqual(whole);
	});

	it('detects semicolon and tab separators from the first line', () => {
		expect(parseAll('a;b;c\n1;2,5;3\n')[1]!.cells).toEqual(['1', '2,5', '3']);
		expect(parseAll('a\tb\n1\t2\n')[1]!.cells).toEqual(['1', '2']);
	});

	it('drops a UTF-8 BOM and decodes Persian split across byte chunks', async () => {
		const bytes = Buffer.from('\uFEFFسریال گارانتی,نوع\n۱۲۳,گارانتی ۱۸ ماهه\n', 'utf8');
		// Feed 3 bytes at a time so two-byte Persian letters are cut in half.
		const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) =>
			bytes.subarray(i * 3, i * 3 + 3)
		);
		const records = await collect(readCsvRecords(Readable.from(chunks)));
		expect(records.map((r) => r.cells)).toEqual([
			['سریال گارانتی', 'نوع'],
			['۱۲۳', 'گارانتی ۱۸ ماهه']
		]);
	});
});

describe('XLSX reading', () => {
	it('reads the first sheet with text, numbers, dates, rich text and formulas as text', async () => {
		const { default: ExcelJS } = await import('exceljs');
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('data');
		sheet.addRow(['Warranty serial', 'Product code', 'Product serial', 'Type', 'Sale date']);
		sheet.addRow([
			12345678901234,
			'TV-55',
			{ richText: [{ text: 'SN-' }, { text: '01' }] },
			'G18S',
			new Date(Date.UTC(2024, 3, 3))
		]);
		sheet.addRow([]);
		sheet.addRow([
			'W-2',
			{ formula: '"TV"&"-55"', result: 'TV-55' },
			'SN-02',
			'G18S',
			'۱۴۰۳/۰۱/۱۵'
		]);
		book.addWorksheet('notes').addRow(['ignored']);
		const records = await collect(
			readXlsxRecords(Readable.from([Buffer.from(await book.xlsx.writeBuffer())]))
		);
		expect(records).toEqual([
			{
				rowNo: 1,
				cells: ['Warranty serial', 'Product code', 'Product serial', 'Type', 'Sale date']
			},
			{ rowNo: 2, cells: ['12345678901234', 'TV-55', 'SN-01', 'G18S', '2024-04-03'] },
			{ rowNo: 4, cells: ['W-2', 'TV-55', 'SN-02', 'G18S', '۱۴۰۳/۰۱/۱۵'] }
		]);
	});

	it('turns cell values into text', () => {
		expect(cellText(null)).toBe('');
		expect(cellText(9123456789)).toBe('9123456789');
		expect(cellText(1.5)).toBe('1.5');
		expect(cellText({ error: '#N/A' })).toBe('');
		expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
	});
});

describe('header recognition', () => {
	it('recognises Persian headers in any spelling (ZWNJ, Arabic ی/ك) and English ones', () => {
		const persian = mapHeader([
			'سريال گارانتي',
			'كد كالا',
			'سریال\u200cکالا',
			'نوع گارانتی',
			'تاریخ فروش',
			'موبایل مشتری'
		]);
		expect(persian).toEqual({
			columns: {
				warrantySerial: 0,
				productCode: 1,
				productSerial: 2,
				type: 3,
				saleDate: 4,
				mobile: 5
			},
			missing: []
		});
		const english = mapHeader(['Product_Code', 'warranty serial', 'TYPE', 'serial number']);
		expect(english?.columns).toEqual({
			productCode: 0,
			warrantySerial: 1,
			type: 2,
			productSerial: 3
		});
	});

	it('reports missing required columns, and treats a data row as "no header"', () => {
		expect(mapHeader(['warranty serial', 'product code', 'type'])?.missing).toEqual([
			'productSerial'
		]);
		expect(mapHeader(['100200300', 'TV-55', 'SN-1', 'G18S'])).toBeNull();
		expect(toRawRow({ rowNo: 7, cells: [' 1 ', 'TV', 'S', 'G'] }, DEFAULT_COLUMNS)).toEqual({
			rowNo: 7,
			warrantySerial: '1',
			productCode: 'TV',
			productSerial: 'S',
			type: 'G',
			saleDate: '',
			mobile: ''
		});
	});
});

describe('serials seen in a file', () => {
	it('answers exactly like a Set across growth, for every string it was given', () => {
		const compact = new CompactStringSet();
		const reference = new Set<string>();
		// Enough strings to grow every array several times, with repeats and near-misses.
		for (let i = 0; i < 120_000; i++) {
			const text = i % 7 === 0 ? `W${i >> 1}` : `W${i}`;
			expect(compact.add(text)).toBe(!reference.has(text));
			reference.add(text);
		}
		expect(compact.size).toBe(reference.size);
		for (const probe of ['W0', 'W1', 'W119999', 'W120000', 'W', '', 'w1', 'W01'])
			expect(compact.has(probe)).toBe(reference.has(probe));
	});

	it('tells apart strings that differ only in length or in one character', () => {
		const set = new CompactStringSet();
		expect(set.add('')).toBe(true);
		expect(set.add('A')).toBe(true);
		expect(set.add('AA')).toBe(true);
		expect(set.add('AB')).toBe(true);
		expect(set.add('AA')).toBe(false);
		expect(set.add('')).toBe(false);
		expect(set.has('BA')).toBe(false);
		expect(set.size).toBe(4);
		expect(() => set.add('۱۲۳')).toThrow(RangeError);
	});
});

describe('row validation', () => {
	const sale: ImportType = {
		id: 1,
		active: true,
		startRule: 'sale',
		months: 18,
		days: 0,
		graceDays: 15
	};
	const registration: ImportType = {
		id: 2,
		active: true,
		startRule: 'registration',
		months: 12,
		days: 0,
		graceDays: 0
	};
	const retired: ImportType = {
		id: 3,
		active: false,
		startRule: 'sale',
		months: 6,
		days: 0,
		graceDays: 0
	};
	const now = new Date('2025-01-01T08:00:00Z');
	const validator = () =>
		new RowValidator({
			now,
			productId: (code) => (code.toUpperCase() === 'TV-55' ? 10 : null),
			type: (text) => ({ G18S: sale, R12: registration, OLD: retired })[text.toUpperCase()] ?? null
		});
	const row = (fields: Partial<Record<string, string>>, rowNo = 2) => ({
		rowNo,
		warrantySerial: '100-200',
		productCode: 'TV-55',
		productSerial: 'SN-1',
		type: 'G18S',
		saleDate: '',
		mobile: '',
		...fields
	});

	it('accepts Persian digits and separators, Jalali or ISO dates, any mobile form; computes the period', () => {
		const v = validator();
		const result = v.validate(
			row({
				warrantySerial: '۱۰۰-۲۰۰',
				productSerial: 'sn ۰۰۱',
				saleDate: '۱۴۰۳/۰۱/۱۵',
				mobile: '+98 912 345 6789'
			})
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.row).toMatchObject({
			serialNorm: '100200',
			productSerialNorm: 'SN001',
			productId: 10,
			typeId: 1,
			mobile: '+989123456789'
		});
		expect(formatJalaliDate(result.row.startsOn!)).toBe('1403/01/15');
		expect(formatJalaliDate(result.row.endsOn!)).toBe('1404/07/15');
		const iso = v.validate(row({ warrantySerial: 'X-2', saleDate: '2024-04-03' }));
		expect(iso.ok && iso.row.startsOn?.getTime()).toBe(result.row.startsOn!.getTime());
	});

	it('starts registration-based rows that name a customer at import time, and leaves others pending', () => {
		const v = validator();
		const registered = v.validate(
			row({ warrantySerial: 'R-1', type: 'R12', mobile: '09123456789' })
		);
		expect(registered.ok && registered.row.registeredAt).toEqual(now);
		expect(registered.ok && registered.row.startsOn).not.toBeNull();
		const waiting = v.validate(row({ warrantySerial: 'R-2', type: 'R12' }));
		expect(waiting.ok && waiting.row.startsOn).toBeNull();
	});

	it('reports each problem of a row with its field', () => {
		const v = validator();
		expect(v.validate(row({})).ok).toBe(true);
		const kinds = (fields: Partial<Record<string, string>>) => {
			const result = v.validate(row(fields));
			return result.ok ? [] : result.errors.map((e) => `${e.kind}:${e.field}`);
		};
		expect(kinds({ warrantySerial: '۱۰۰ ۲۰۰' })).toEqual(['duplicate_in_file:warrantySerial']);
		expect(kinds({ warrantySerial: '' })).toEqual(['missing_field:warrantySerial']);
		expect(kinds({ warrantySerial: '#!' })).toEqual(['bad_serial:warrantySerial']);
		expect(kinds({ warrantySerial: 'N-1', productCode: 'XX' })).toEqual([
			'unknown_product:productCode'
		]);
		expect(kinds({ warrantySerial: 'N-2', type: 'G99' })).toEqual(['unknown_type:type']);
		expect(kinds({ warrantySerial: 'N-3', type: 'old' })).toEqual(['inactive_type:type']);
		expect(kinds({ warrantySerial: 'N-4', saleDate: '1403/12/31' })).toEqual(['bad_date:saleDate']);
		expect(kinds({ warrantySerial: 'N-5', saleDate: '1404/01/01' })).toEqual(['bad_date:saleDate']); // after "now"
		expect(kinds({ warrantySerial: 'N-6', mobile: '021-88451200' })).toEqual(['bad_mobile:mobile']);
		expect(
			kinds({ warrantySerial: 'N-7', productSerial: '', productCode: 'XX', mobile: '123' })
		).toEqual(['unknown_product:productCode', 'missing_field:productSerial', 'bad_mobile:mobile']);
	});
});
