import { and, desc, eq } from 'drizzle-orm';
import { formatDateTime } from '#lib/domain/jalali';
import { toLocale, translate } from '#lib/i18n';
import type { Actor } from '#lib/server/auth/access';
import type { Executor } from '#lib/server/db';
import { history, users } from '#lib/server/db/schema';
import { AppError } from '#lib/server/http/errors';

/**
 * 409 for an edit based on an old version, naming who saved last and when (from the history
 * timeline), so the user knows whom to ask before reloading over their own typing.
 */
export async function staleError(
	tx: Executor,
	actor: Actor,
	entityType: string,
	entityId: number,
	fallbackAt: Date
): Promise<AppError> {
	const [last] = await tx
		.select({ at: history.createdAt, actorId: history.actorId, name: users.displayName })
		.from(history)
		.leftJoin(users, eq(users.id, history.actorId))
		.where(and(eq(history.entityType, entityType), eq(history.entityId, String(entityId))))
		.orderBy(desc(history.id))
		.limit(1);
	// The message is rendered in the editor's own language; the API also gets raw values.
	const locale = toLocale(actor.user.locale);
	const at = last?.at ?? fallbackAt;
	const params = {
		actor: last?.name ?? translate(locale, 'admin.someone'),
		at: formatDateTime(at, locale)
	};
	// Reported on `version` too, the field that is out of date, so forms can offer a reload.
	return new AppError(
		409,
		'stale',
		'error.stale',
		params,
		{ version: { key: 'error.stale', params } },
		{
			changedBy: last?.actorId ? { id: last.actorId, displayName: last.name } : null,
			changedAt: at.toISOString()
		}
	);
}
