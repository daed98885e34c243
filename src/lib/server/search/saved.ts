/**
 * Saved searches: a user's named filter sets per search page, stored as the canonical query
 * string so opening one is just following a link.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/access';
import { text } from '../catalog/inputs';
import { getDb } from '../db';
import { savedSearches, type SavedSearch } from '../db/schema';
import { AppError, isUniqueViolation, notFound, parseOrThrow } from '../http/errors';
import { parseLenient, toQueryString, SEARCH_KINDS, type SearchKind } from './params';

export const saveSearchSchema = z.object({
	name: text(80),
	/** The page's current query string (filters only; a cursor is dropped). */
	query: z.string().max(4000).default('')
});

/** The actor's saved searches of one page, by name. */
export async function listSavedSearches(
	actor: Pick<Actor, 'user'>,
	kind: SearchKind
): Promise<SavedSearch[]> {
	const db = await getDb();
	return db
		.select()
		.from(savedSearches)
		.where(and(eq(savedSearches.userId, actor.user.id), eq(savedSearches.kind, kind)))
		.orderBy(asc(savedSearches.name));
}

/** Saves the current filters of a page under a new name for the actor (409 when the name is taken). */
export async function saveSearch(
	actor: Pick<Actor, 'user'>,
	kind: SearchKind,
	raw: unknown
): Promise<SavedSearch> {
	if (!SEARCH_KINDS.includes(kind)) throw notFound();
	const input = parseOrThrow(saveSearchSchema, raw);
	// Stored canonical and validated, so a saved search always opens the same way.
	const { params } = parseLenient(kind, new URLSearchParams(input.query.replace(/^\?/, '')));
	const query = toQueryString(params);
	const db = await getDb();
	try {
		const [row] = await db
			.insert(savedSearches)
			.values({ userId: actor.user.id, kind, name: input.name, query })
			.returning();
		return row!;
	} catch (error) {
		if (!isUniqueViolation(error)) throw error;
		throw new AppError(409, 'duplicate', 'search.error.savedDuplicate', undefined, {
			name: { key: 'search.error.savedDuplicate' }
		});
	}
}

/** Deletes one of the actor's own saved searches; another user's is a 404. */
export async function deleteSavedSearch(actor: Pick<Actor, 'user'>, id: number): Promise<void> {
	const db = await getDb();
	const deleted = await db
		.delete(savedSearches)
		.where(and(eq(savedSearches.id, id), eq(savedSearches.userId, actor.user.id)))
		.returning({ id: savedSearches.id });
	if (!deleted.length) throw notFound();
}
