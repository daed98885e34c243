/**
 * Reading and checking bulk warranty files, without the database: streaming CSV and XLSX
 * readers, header recognition, and per-row validation against lookups the caller supplies.
 *
 * Files come from Excel on Persian Windows, from ERPs and from hand-edited text: UTF-8 with or
 * without BOM, CRLF or LF, comma/semicolon/tab separated, Persian/Arabic/Latin digits, Jalali or
 * ISO dates. Everything is streamed: a file is never held whole, whatever its size.
 */
import type { Readable } from 'node:stream';
import { parseDayInput } from '#lib/domain/day-input';
import { normalizeMobile } from '#lib/domain/mobile';
import {
	normalizeDigits,
	normalizePersian,
	normalizeSerial,
	removeInvisibleChars
} from '#lib/domain/text';
import type { PeriodRule } from './periods';
import { periodColumns } from './periods';

/** One record of the file with its row number as a spreadsheet shows it (header = row 1). */
export interface FileRecord {
	rowNo: number;
	cells: string[];
}

// ---------------------------------------------------------------- CSV

const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;

/** Picks the separator that splits the header line most often (Excel uses `;` in some locales). */
export function detectDelimiter(firstLine: string): string {
	let best = ',';
	let bestCount = 0;
	for (const d of CANDIDATE_DELIMITERS) {
		const count = firstLine.split(d).length - 1;
		if (count > bestCount) {
			best = d;
			bestCount = count;
		}
	}
	return best;
}

/**
 * Incremental RFC 4180 parser: quoted fields may hold separators, doubled quotes and line breaks;
 * text arrives in arbitrary chunks and an unfinished record waits for the next one.
 */
export class CsvParser {
	private carry = '';
	private delimiter: string | null;
	private rowNo = 0;
	private started = false;

	constructor(options: { delimiter?: string } = {}) {
		this.delimiter = options.delimiter ?? null;
	}

	/** Parses what it can of `text`; returns the complete records. */
	push(text: string): FileRecord[] {
		let input = this.carry + text;
		if (!this.started && input.length) {
			// A BOM can survive decoding when the file was concatenated or re-encoded.
			if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
			this.started = true;
		}
		return this.parse(input, false);
	}

	/** Parses the rest at end of input. */
	end(): FileRecord[] {
		const input = this.carry;
		this.carry = '';
		return input.length ? this.parse(input, true) : [];
	}

	private parse(input: string, final: boolean): FileRecord[] {
		const out: FileRecord[] = [];
		if (this.delimiter === null) {
			const newline = input.indexOf('\n');
			if (newline < 0 && !final) {
				this.carry = input;
				return out;
			}
			this.delimiter = detectDelimiter(newline < 0 ? input : input.slice(0, newline));
		}
		const d = this.delimiter;
		const n = input.length;
		let i = 0;
		// Position of the next quote at or after i (n when none): lines before it take the fast path.
		let nextQuote = -1;
		while (i < n) {
			if (nextQuote < i) {
				nextQuote = input.indexOf('"', i);
				if (nextQuote < 0) nextQuote = n;
			}
			const nl = input.indexOf('\n', i);
			if (nl < 0 && !final) break;
			const lineEnd = nl < 0 ? n : nl;
			if (nextQuote >= lineEnd) {
				// Most lines have no quotes at all: a native split is all they need.
				const line = stripCr(input.slice(i, lineEnd));
				this.rowNo++;
				if (line !== '') out.push({ rowNo: this.rowNo, cells: line.split(d) });
				i = lineEnd + 1;
				continue;
			}
			const end = this.parseQuotedRecord(input, i, d, final, out);
			if (end < 0) break;
			i = end;
		}
		this.carry = i < n ? input.slice(i) : '';
		return out;
	}

	/** Parses one record containing quotes from `start`; returns where the next record starts, or -1 if incomplete. */
	private parseQuotedRecord(
		input: string,
		start: number,
		d: string,
		final: boolean,
		out: FileRecord[]
	): number {
		const n = input.length;
		const cells: string[] = [];
		let i = start;
		while (true) {
			if (input.charCodeAt(i) === 34 /* " */) {
				// Quoted field: runs to the next quote that is not doubled.
				let value = '';
				let j = i + 1;
				let closed = false;
				while (true) {
					const q = input.indexOf('"', j);
					if (q < 0) break;
					if (input.charCodeAt(q + 1) === 34) {
						value += input.slice(j, q + 1);
						j = q + 2;
						continue;
					}
					if (q + 1 >= n && !final) break; // cannot yet tell `"` from `""`
					value += input.slice(j, q);
					j = q + 1;
					closed = true;
					break;
				}
				if (!closed) {
					if (!final) return -1;
					value += input.slice(j); // unterminated quote at end of file: take the rest
					j = n;
				}
				// Anything between the closing quote and the separator is kept, as spreadsheets do.
				const after = nextBreak(input, j, d);
				if (after < 0 && !final) return -1;
				const endPos = after < 0 ? n : after;
				cells.push(value + stripCr(input.slice(j, endPos)));
				i = endPos;
			} else {
				const br = nextBreak(input, i, d);
				if (br < 0) {
					if (!final) return -1;
					cells.push(stripCr(input.slice(i)));
					i = n;
				} else {
					cells.push(stripCr(input.slice(i, br)));
					i = br;
				}
			}
			if (i >= n) {
				if (!final) return -1;
				break;
			}
			if (input.charCodeAt(i) === 10 /* \n */) {
				i++;
				break;
			}
			i += d.length; // a separator: another field follows
			if (i >= n) {
				if (!final) return -1;
				cells.push('');
				break;
			}
		}
		this.rowNo++;
		if (!(cells.length === 1 && cells[0] === '')) out.push({ rowNo: this.rowNo, cells });
		return i;
	}
}

function stripCr(value: string): string {
	return value.charCodeAt(value.length - 1) === 13 ? value.slice(0, -1) : value;
}

/** Position of the next separator or line feed from `from`, whichever comes first (-1: none). */
function nextBreak(input: string, from: number, d: string): number {
	const nl = input.indexOf('\n', from);
	const sep = input.indexOf(d, from);
	if (sep < 0) return nl;
	if (nl < 0) return sep;
	return sep < nl ? sep : nl;
}

/** Streams a CSV file as batches of records; decodes UTF-8 across chunk boundaries and drops a BOM. */
export async function* readCsvRecords(
	source: AsyncIterable<Uint8Array | string>
): AsyncGenerator<FileRecord[]> {
	const decoder = new TextDecoder('utf-8');
	const parser = new CsvParser();
	for await (const chunk of source) {
		const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		const records = parser.push(text);
		if (records.length) yield records;
	}
	const tail = parser.push(decoder.decode());
	const last = parser.end();
	if (tail.length || last.length) yield [...tail, ...last];
}

// ---------------------------------------------------------------- XLSX

/** Text of one spreadsheet cell as exceljs gives it; dates become ISO days, formulas their result. */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (value instanceof Date) {
		// Excel stores days without a zone; exceljs turns them into UTC midnights.
		const y = value.getUTCFullYear();
		const m = String(value.getUTCMonth() + 1).padStart(2, '0');
		const d = String(value.getUTCDate()).padStart(2, '0');
		return `${y}-${m}-${d}`;
	}
	if (typeof value === 'object') {
		const v = value as {
			richText?: { text: string }[];
			text?: unknown;
			result?: unknown;
			error?: unknown;
		};
		if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
		if ('result' in v) return cellText(v.result);
		if (v.text !== undefined) return cellText(v.text);
		if (v.error !== undefined) return '';
		return '';
	}
	return typeof value === 'bigint' ? value.toString() : '';
}

/** Streams the first worksheet of an XLSX file as batches of records (exceljs WorkbookReader). */
export async function* readXlsxRecords(source: Readable): AsyncGenerator<FileRecord[]> {
	const { default: ExcelJS } = await import('exceljs');
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
		sharedStrings: 'cache',
		styles: 'cache', // needed to tell date cells from numbers
		hyperlinks: 'ignore',
		worksheets: 'emit',
		entries: 'emit'
	});
	for await (const sheet of reader) {
		let batch: FileRecord[] = [];
		for await (const row of sheet) {
			const values = (row as unknown as { values: unknown[]; number: number }).values;
			const cells: string[] = [];
			for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
			if (cells.some((c) => c.trim() !== ''))
				batch.push({ rowNo: (row as unknown as { number: number }).number, cells });
			if (batch.length >= 2000) {
				yield batch;
				batch = [];
			}
		}
		if (batch.length) yield batch;
		break; // only the first sheet holds data; the rest (notes, lookups) are ignored
	}
}

// ---------------------------------------------------------------- columns

export const IMPORT_FIELDS = [
	'warrantySerial',
	'productCode',
	'productSerial',
	'type',
	'saleDate',
	'mobile'
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED_FIELDS: ImportField[] = ['warrantySerial', 'productCode', 'productSerial', 'type'];

/** Header texts recognised per column, compared after folding (case, digits, ی/ي, spaces, `_-`). */
const HEADER_ALIASES: Record<ImportField, string[]> = {
	warrantySerial: [
		'warrantyserial',
		'warrantyno',
		'warrantynumber',
		'warranty',
		'cardnumber',
		'cardserial',
		'سریالگارانتی',
		'شمارهگارانتی',
		'گارانتی',
		'سریالکارت',
		'شمارهکارت'
	],
	productCode: ['productcode', 'itemcode', 'product', 'code', 'sku', 'کدکالا', 'کدمحصول', 'کالا'],
	productSerial: [
		'productserial',
		'serialnumber',
		'unitserial',
		'serial',
		'serialno',
		'سریالکالا',
		'سریالمحصول',
		'شمارهسریال',
		'سریال'
	],
	type: ['type', 'warrantytype', 'typecode', 'نوعگارانتی', 'نوع'],
	saleDate: ['saledate', 'dateofsale', 'solddate', 'soldon', 'date', 'تاریخفروش', 'تاریخ'],
	mobile: [
		'mobile',
		'customermobile',
		'phone',
		'cellphone',
		'موبایل',
		'موبایلمشتری',
		'همراه',
		'تلفنهمراه',
		'شمارههمراه',
		'شمارهموبایل'
	]
};

function foldHeader(text: string): string {
	return normalizePersian(text).replace(/[\s_\-.:()]/g, '');
}

const ALIAS_TO_FIELD = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS)
	for (const alias of HEADER_ALIASES[field]) ALIAS_TO_FIELD.set(foldHeader(alias), field);

/** Column index of each field. */
export type ColumnMap = Partial<Record<ImportField, number>>;

/** The documented column order, used when a file has no header row. */
export const DEFAULT_COLUMNS: ColumnMap = {
	warrantySerial: 0,
	productCode: 1,
	productSerial: 2,
	type: 3,
	saleDate: 4,
	mobile: 5
};

/**
 * Reads the header row: a map when at least two columns are recognised (then required ones
 * missing are reported), or null when the row looks like data (no header; default order).
 */
export function mapHeader(cells: string[]): { columns: ColumnMap; missing: ImportField[] } | null {
	const columns: ColumnMap = {};
	let recognised = 0;
	cells.forEach((cell, index) => {
		const field = ALIAS_TO_FIELD.get(foldHeader(cell));
		if (field && columns[field] === undefined) {
			columns[field] = index;
			recognised++;
		}
	});
	if (recognised < 2) return null;
	return { columns, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined) };
}

/** A row as read, every field as text. */
export interface RawImportRow {
	rowNo: number;
	warrantySerial: string;
	productCode: string;
	productSerial: string;
	type: string;
	saleDate: string;
	mobile: string;
}

function cell(record: FileRecord, index: number | undefined): string {
	if (index === undefined) return '';
	const value = record.cells[index];
	return value ? value.trim() : '';
}

/**
 * Picks a record's fields by the column map, trimmed. Invisible characters (ZWNJ, bidi marks
 * pasted around numbers) are left to each field's normaliser, which removes them anyway.
 */
export function toRawRow(record: FileRecord, columns: ColumnMap): RawImportRow {
	return {
		rowNo: record.rowNo,
		warrantySerial: cell(record, columns.warrantySerial),
		productCode: cell(record, columns.productCode),
		productSerial: cell(record, columns.productSerial),
		type: cell(record, columns.type),
		saleDate: cell(record, columns.saleDate),
		mobile: cell(record, columns.mobile)
	};
}

// ---------------------------------------------------------------- validation

export const IMPORT_ERROR_KINDS = [
	'missing_field',
	'bad_serial',
	'duplicate_in_file',
	'already_exists',
	'unknown_product',
	'unknown_type',
	'inactive_type',
	'bad_date',
	'bad_mobile'
] as const;
export type ImportErrorKind = (typeof IMPORT_ERROR_KINDS)[number];

export interface RowError {
	kind: ImportErrorKind;
	field: ImportField;
}

/** A warranty type as the import needs it. */
export interface ImportType extends PeriodRule {
	id: number;
	active: boolean;
}

/** What validation looks up; the caller builds these from the database once per file. */
export interface RowLookups {
	productId(code: string): number | null;
	type(text: string): ImportType | null;
	/** Registration time given to rows that name a customer (import time). */
	now: Date;
}

/** A row ready to load. */
export interface ValidRow {
	rowNo: number;
	serial: string;
	serialNorm: string;
	productId: number;
	productSerial: string;
	productSerialNorm: string;
	typeId: number;
	saleDate: Date | null;
	mobile: string | null;
	registeredAt: Date | null;
	startsOn: Date | null;
	endsOn: Date | null;
	graceEndsOn: Date | null;
}

export type RowResult = { ok: true; row: ValidRow } | { ok: false; errors: RowError[] };

/** Product codes compare like the catalogue stores them: Latin digits, upper case. */
export function productCodeKey(code: string): string {
	return removeInvisibleChars(normalizeDigits(code)).trim().toUpperCase();
}

/** A type is named by its code or either of its names. */
export function typeKeys(type: { code: string; nameFa: string; nameEn: string }): string[] {
	return [productCodeKey(type.code), normalizePersian(type.nameFa), normalizePersian(type.nameEn)];
}

/** Key to look a type up by, from what a row says. */
export function typeKey(text: string): string[] {
	return [productCodeKey(text), normalizePersian(text)];
}

const SERIAL_OK = /^[A-Z0-9]{1,64}$/;
const PLAIN_SERIAL = /^[A-Za-z0-9]{1,64}$/;
const PLAIN_MOBILE = /^09\d{9}$/;
const FUTURE_SLACK_MS = 36 * 60 * 60 * 1000; // a sale "tomorrow" is a typo; today in any zone is not

// Fast paths for what most rows hold (plain Latin serials, 09… mobiles); anything else goes
// through the full normalisers, which give the same answer for these.
function serialNormOf(text: string): string {
	return PLAIN_SERIAL.test(text) ? text.toUpperCase() : normalizeSerial(text);
}

function mobileOf(text: string): string | null {
	if (PLAIN_MOBILE.test(text)) return `+98${text.slice(1)}`;
	const result = normalizeMobile(text);
	return result.ok ? result.value : null;
}

type Period = ReturnType<typeof periodColumns>;

function addError(list: RowError[] | null, kind: ImportErrorKind, field: ImportField): RowError[] {
	const errors = list ?? [];
	errors.push({ kind, field });
	return errors;
}

/**
 * A set of short Latin-1 strings (validated serials) kept in typed arrays: characters in one
 * growing byte buffer, an open-addressing table of entry numbers into it. A million warranty
 * serials take about 30 MB here, outside the JS heap, where a `Set<string>` takes twice that in
 * objects the garbage collector must keep walking. Membership is exact: characters are compared.
 */
export class CompactStringSet {
	private chars = new Uint8Array(1 << 16);
	private used = 0;
	private starts = new Uint32Array(1 << 12);
	private lengths = new Uint8Array(1 << 12);
	private count = 0;
	/** Slot → entry number + 1; 0 is empty. */
	private table = new Uint32Array(1 << 13);

	get size(): number {
		return this.count;
	}

	private static hashText(text: string): number {
		// FNV-1a.
		let h = 0x811c9dc5;
		for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
		return h >>> 0;
	}

	private hashEntry(entry: number): number {
		let h = 0x811c9dc5;
		const start = this.starts[entry]!;
		const end = start + this.lengths[entry]!;
		for (let i = start; i < end; i++) h = Math.imul(h ^ this.chars[i]!, 0x01000193);
		return h >>> 0;
	}

	private matches(entry: number, text: string): boolean {
		if (this.lengths[entry] !== text.length) return false;
		const start = this.starts[entry]!;
		for (let i = 0; i < text.length; i++)
			if (this.chars[start + i] !== text.charCodeAt(i)) return false;
		return true;
	}

	/** Slot holding `text`, or the empty slot where it would go. */
	private slotOf(text: string): number {
		const mask = this.table.length - 1;
		let slot = CompactStringSet.hashText(text) & mask;
		while (true) {
			const entry = this.table[slot]!;
			if (entry === 0 || this.matches(entry - 1, text)) return slot;
			slot = (slot + 1) & mask;
		}
	}

	has(text: string): boolean {
		return this.table[this.slotOf(text)] !== 0;
	}

	/** Adds `text`; false when it was already there. Only strings of up to 255 Latin-1 characters. */
	add(text: string): boolean {
		if (text.length > 0xff) throw new RangeError(LATIN1_ONLY);
		const slot = this.slotOf(text);
		if (this.table[slot] !== 0) return false;
		if (this.used + text.length > this.chars.length)
			this.chars = grow(this.chars, this.used + text.length);
		if (this.count === this.starts.length) {
			this.starts = grow(this.starts, this.count + 1);
			this.lengths = grow(this.lengths, this.count + 1);
		}
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			// Checked before anything counts the entry, so a refused string leaves no trace.
			if (code > 0xff) throw new RangeError(LATIN1_ONLY);
			this.chars[this.used + i] = code;
		}
		this.starts[this.count] = this.used;
		this.lengths[this.count] = text.length;
		this.used += text.length;
		this.count++;
		this.table[slot] = this.count;
		// At most half full, so probes stay short.
		if (this.count * 2 > this.table.length) this.rehash();
		return true;
	}

	private rehash(): void {
		const table = new Uint32Array(this.table.length * 2);
		const mask = table.length - 1;
		for (let entry = 0; entry < this.count; entry++) {
			let slot = this.hashEntry(entry) & mask;
			while (table[slot] !== 0) slot = (slot + 1) & mask;
			table[slot] = entry + 1;
		}
		this.table = table;
	}
}

const LATIN1_ONLY = 'CompactStringSet holds Latin-1 strings of up to 255 characters';

function grow<T extends Uint8Array | Uint32Array>(array: T, needed: number): T {
	let length = array.length * 2;
	while (length < needed) length *= 2;
	const bigger = new (array.constructor as new (n: number) => T)(length);
	bigger.set(array);
	return bigger;
}

/**
 * Checks one row, keeping every problem it has (a person fixes them all in one pass). It
 * remembers the warranty serials met so far in the file; the first occurrence wins.
 */
export class RowValidator {
	private readonly seen = new CompactStringSet();
	private readonly dayCache = new Map<string, Date | null>();
	private readonly periodCache = new Map<number, Map<number, Period>>();

	constructor(private readonly lookups: RowLookups) {}

	validate(raw: RawImportRow): RowResult {
		let errors: RowError[] | null = null;
		const serialNorm = raw.warrantySerial ? serialNormOf(raw.warrantySerial) : '';
		if (!raw.warrantySerial) errors = addError(errors, 'missing_field', 'warrantySerial');
		else if (!SERIAL_OK.test(serialNorm)) errors = addError(errors, 'bad_serial', 'warrantySerial');
		else if (!this.seen.add(serialNorm))
			errors = addError(errors, 'duplicate_in_file', 'warrantySerial');

		let productId: number | null = null;
		if (!raw.productCode) errors = addError(errors, 'missing_field', 'productCode');
		else if ((productId = this.lookups.productId(raw.productCode)) === null)
			errors = addError(errors, 'unknown_product', 'productCode');

		const productSerialNorm = raw.productSerial ? serialNormOf(raw.productSerial) : '';
		if (!raw.productSerial) errors = addError(errors, 'missing_field', 'productSerial');
		else if (!SERIAL_OK.test(productSerialNorm))
			errors = addError(errors, 'bad_serial', 'productSerial');

		let type: ImportType | null = null;
		if (!raw.type) errors = addError(errors, 'missing_field', 'type');
		else if ((type = this.lookups.type(raw.type)) === null)
			errors = addError(errors, 'unknown_type', 'type');
		else if (!type.active) errors = addError(errors, 'inactive_type', 'type');

		let saleDate: Date | null = null;
		if (raw.saleDate) {
			saleDate = this.parseDay(raw.saleDate);
			if (!saleDate || saleDate.getTime() > this.lookups.now.getTime() + FUTURE_SLACK_MS)
				errors = addError(errors, 'bad_date', 'saleDate');
		}

		let mobile: string | null = null;
		if (raw.mobile) {
			mobile = mobileOf(raw.mobile);
			if (mobile === null) errors = addError(errors, 'bad_mobile', 'mobile');
		}

		if (errors) return { ok: false, errors };
		const registeredAt = mobile ? this.lookups.now : null;
		const period = this.period(type!, saleDate, registeredAt);
		return {
			ok: true,
			row: {
				rowNo: raw.rowNo,
				serial: raw.warrantySerial,
				serialNorm,
				productId: productId!,
				productSerial: raw.productSerial,
				productSerialNorm,
				typeId: type!.id,
				saleDate,
				mobile,
				registeredAt,
				startsOn: period.startsOn,
				endsOn: period.endsOn,
				graceEndsOn: period.graceEndsOn
			}
		};
	}

	private parseDay(text: string): Date | null {
		let day = this.dayCache.get(text);
		if (day === undefined) {
			day = parseDayInput(text);
			if (this.dayCache.size < 100_000) this.dayCache.set(text, day);
		}
		return day;
	}

	// Sale dates repeat across thousands of rows; the Jalali arithmetic runs once per distinct one.
	private period(type: ImportType, saleDate: Date | null, registeredAt: Date | null): Period {
		const trigger =
			type.startRule === 'sale'
				? saleDate
				: type.startRule === 'registration'
					? registeredAt
					: null;
		const key = trigger ? trigger.getTime() : -1;
		let byTrigger = this.periodCache.get(type.id);
		if (!byTrigger) this.periodCache.set(type.id, (byTrigger = new Map<number, Period>()));
		let period = byTrigger.get(key);
		if (!period) {
			period = periodColumns(type, { saleDate, registeredAt, activatedAt: null });
			if (byTrigger.size < 100_000) byTrigger.set(key, period);
		}
		return period;
	}
}
