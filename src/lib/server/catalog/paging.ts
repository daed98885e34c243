import { z } from 'zod';
import { AppError } from '../http/errors';
import { int, optional } from './inputs';

/** Query fields every list endpoint takes: an opaque cursor from the previous page and a page size. */
export const pageFields = {
	/** Opaque position returned as `nextCursor` by the previous page. */
	cursor: z.string().max(500).optional(),
	limit: optional(int(1, 200)).transform((v) => v ?? 50)
};

/** A page of a list and the cursor of the next one (null on the last page). */
export interface Page<T> {
	items: T[];
	nextCursor: string | null;
}

type Key = (string | number)[];

/** Packs the sort key of the last row into an opaque, URL-safe cursor. */
export function encodeCursor(key: Key): string {
	return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Unpacks a cursor; a tampered or foreign one is a 422 on the `cursor` field, not a crash. */
export function decodeCursor(
	cursor: string | undefined,
	shape: ('string' | 'number')[]
): Key | null {
	if (!cursor) return null;
	try {
		const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
		if (
			Array.isArray(key) &&
			key.length === shape.length &&
			key.every((v, i) => typeof v === shape[i])
		) {
			return key as Key;
		}
	} catch {
		// fall through to the error below
	}
	throw new AppError(422, 'validation_failed', 'error.validation', undefined, {
		cursor: { key: 'validation.invalid' }
	});
}

/** Cuts a `limit + 1` fetch down to a page, computing the next cursor from the last row kept. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Key): Page<T> {
	if (rows.length <= limit) return { items: rows, nextCursor: null };
	const items = rows.slice(0, limit);
	return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}

/** Escapes `%`, `_` and `\` so user text is matched literally inside a LIKE pattern. */
export function likeEscape(text: string): string {
	return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** A page with each item converted for JSON. */
export function mapPage<T, U>(page: Page<T>, convert: (item: T) => U): Page<U> {
	return { items: page.items.map(convert), nextCursor: page.nextCursor };
}
