import { describe, expect, it } from 'vitest';
import { parseBulkText } from './bulk-parse';

describe('bulk list text', () => {
	it('reads one serial per line, skipping blank lines but keeping line numbers', () => {
		expect(parseBulkText('SN-1\n\n  SN-2  \r\nSN-3\n')).toEqual([
			{ line: 1, serial: 'SN-1' },
			{ line: 3, serial: 'SN-2' },
			{ line: 4, serial: 'SN-3' }
		]);
	});

	it('reads positional CSV columns', () => {
		expect(parseBulkText('SN-1,RF-520,"برفک می‌زند، صدا دارد"\nSN-2,,')).toEqual([
			{ line: 1, serial: 'SN-1', productCode: 'RF-520', complaint: 'برفک می‌زند، صدا دارد' },
			{ line: 2, serial: 'SN-2' }
		]);
	});

	it('maps a Persian header in any column order', () => {
		const text = 'شرح ایراد\tسریال\tكد كالا\nتخلیه نمی‌کند\t۱۲۳۴\tWM-7\n';
		expect(parseBulkText(text)).toEqual([
			{ line: 2, serial: '۱۲۳۴', productCode: 'WM-7', complaint: 'تخلیه نمی‌کند' }
		]);
	});

	it('maps an English header and ignores unknown columns', () => {
		expect(parseBulkText('Serial Number,Note,Condition\nA1,x,scratched')).toEqual([
			{ line: 2, serial: 'A1', condition: 'scratched' }
		]);
	});

	it('returns nothing for empty text', () => {
		expect(parseBulkText(' \n\n')).toEqual([]);
	});
});
