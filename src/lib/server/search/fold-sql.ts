/**
 * The search normalisation as SQL expressions, generated from the tables of
 * `#lib/domain/search-normalize` so stored documents are folded exactly as queries are (an
 * integration test compares the two on both databases).
 */
import { sql, type SQL } from 'drizzle-orm';
import {
	FOLD_DIGITS_FROM,
	FOLD_DIGITS_TO,
	FOLD_TRANSLATE_FROM,
	FOLD_TRANSLATE_TO,
	SPACE_CHARS
} from '#lib/domain/search-normalize';

/** An SQL string literal (the fold tables are constants, so inlining them keeps plans readable). */
export function literal(text: string): SQL {
	return sql.raw(`'${text.replaceAll("'", "''")}'`);
}

/** foldText() in SQL: NFKC, lower case, the shared translate table, spaces collapsed. */
export function foldSql(expr: SQL): SQL {
	return sql`btrim(regexp_replace(translate(lower(normalize(coalesce(${expr}, ''), NFKC)), ${literal(FOLD_TRANSLATE_FROM)}, ${literal(FOLD_TRANSLATE_TO)}), '\\s+', ' ', 'g'))`;
}

/** identifierKey() in SQL for stored identifiers: Latin digits, letters and digits only, upper case. */
export function keySql(expr: SQL): SQL {
	return sql`upper(regexp_replace(translate(normalize(coalesce(${expr}, ''), NFKC), ${literal(FOLD_DIGITS_FROM + SPACE_CHARS)}, ${literal(FOLD_DIGITS_TO)}), '[^A-Za-z0-9]', '', 'g'))`;
}

/** An SQL text[] literal of known strings. */
export function textArray(values: readonly string[]): SQL {
	return sql.raw(`array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}]::text[]`);
}

/** An SQL int[] of ids (validated integers, inlined). */
export function intArray(ids: readonly number[]): SQL {
	if (!ids.every((id) => Number.isSafeInteger(id))) throw new TypeError('ids must be integers');
	return sql.raw(`array[${ids.join(',')}]::int[]`);
}
