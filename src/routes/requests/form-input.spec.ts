import { describe, expect, it } from 'vitest';
import { nestForm, rowsFromForm } from './form-input';

describe('row editors in forms', () => {
	it('nests numbered fields into rows in their order', () => {
		const raw = {
			'lines.1.kind': 'labour',
			'lines.1.description': 'دستمزد',
			'lines.0.kind': 'part',
			'lines.0.productId': '7',
			'lines.0.quantity': '۲'
		};
		expect(rowsFromForm(raw, 'lines')).toEqual([
			{ kind: 'part', productId: '7', quantity: '۲' },
			{ kind: 'labour', description: 'دستمزد' }
		]);
	});

	it('drops rows the user left blank but keeps the other fields', () => {
		const raw = {
			note: 'x',
			'parts.0.productId': '',
			'parts.0.quantity': '1',
			'parts.2.productId': '5',
			'parts.2.quantity': '1'
		};
		expect(nestForm(raw, ['parts'])).toEqual({
			note: 'x',
			parts: [{ productId: '5', quantity: '1' }]
		});
	});
});
