import { translate, type Locale } from '#lib/i18n';
import { AppError } from '../http/errors';
import type { UnitImportResult } from './units';

/** The CSV of an import request: a multipart `file`, JSON `{ csv }`, or the raw body. */
export async function readImportBody(request: Request): Promise<string> {
	const type = request.headers.get('content-type') ?? '';
	let text: string;
	if (type.includes('multipart/form-data')) {
		const form = await request.formData();
		const file = form.get('file');
		const pasted = form.get('csv');
		text = file instanceof File ? await file.text() : typeof pasted === 'string' ? pasted : '';
	} else if (type.includes('application/json')) {
		const body = (await request.json().catch(() => null)) as { csv?: unknown } | null;
		text = typeof body?.csv === 'string' ? body.csv : '';
	} else {
		text = await request.text();
	}
	if (!text.trim()) {
		throw new AppError(422, 'validation_failed', 'catalog.import.noFile', undefined, {
			file: { key: 'catalog.import.noFile' }
		});
	}
	return text;
}

/** A 422 listing every bad line with its translated message, for the API. */
export function unitImportFailure(
	result: Extract<UnitImportResult, { ok: false }>,
	locale: Locale
): AppError {
	return new AppError(
		422,
		'import_failed',
		'catalog.units.importFailed',
		{ count: result.errors.length, rows: result.rows },
		undefined,
		{
			rows: result.errors.map((e) => ({
				line: e.line,
				field: e.field,
				message: translate(locale, e.key, e.params)
			}))
		}
	);
}
