import { sql } from 'drizzle-orm';
import type { Db } from '../db';

/**
 * Outbox ids are taken from a sequence when a row is inserted, but transactions commit in any
 * order: on PostgreSQL a transaction holding id 41 can commit after one holding id 42. A reader
 * that had already moved its cursor to 42 would then never see 41, and a board snapshot taken
 * between the two commits would claim "everything up to 42". Both would lose an event.
 *
 * This deferred constraint trigger renumbers each outbox row at commit time, under a
 * transaction-scoped advisory lock that is released only after the commit is visible. Ids are
 * therefore handed out in commit order, and at any instant the committed ids form a prefix
 * (holes only where a transaction rolled back, which never fill later). Readers can advance a
 * plain `id > cursor` and a snapshot's `max(id)` says exactly which events it contains.
 *
 * The lock is taken at commit, after the transaction's own row locks, so it cannot deadlock
 * with them; it serialises only the last instant of event-writing commits. The same trigger
 * sends a NOTIFY with the new id, which PostgreSQL delivers only once the commit is done: the
 * dispatchers wake on it instead of waiting for their next poll.
 */
/** Channel the trigger notifies at every commit that wrote events (PostgreSQL delivers it after commit). */
export const OUTBOX_CHANNEL = 'khadamat_outbox';
const FUNCTION_NAME = 'khadamat_outbox_commit_order_v1';
const TRIGGER_NAME = 'outbox_commit_order';
const LOCK_KEY = 727_275;

/** Installs the commit-order trigger on the outbox once (idempotent, safe from several processes). */
export async function ensureOutboxCommitOrder(db: Db): Promise<void> {
	const installed = await db.execute<{ ok: number }>(
		sql`select 1 as ok from pg_trigger t join pg_proc p on p.oid = t.tgfoid
			where t.tgname = ${TRIGGER_NAME} and t.tgrelid = 'outbox'::regclass and p.proname = ${FUNCTION_NAME}`
	);
	if (rowsOf(installed).length > 0) return;
	await db.transaction(async (tx) => {
		// Several processes may start at once; DDL on the same objects must not interleave.
		await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY + 1})`);
		await tx.execute(
			sql.raw(`create or replace function ${FUNCTION_NAME}() returns trigger language plpgsql as $$
declare
	new_id bigint;
begin
	perform pg_advisory_xact_lock(${LOCK_KEY});
	update outbox set id = default where id = new.id returning id into new_id;
	perform pg_notify('${OUTBOX_CHANNEL}', new_id::text);
	return null;
end $$`)
		);
		await tx.execute(sql.raw(`drop trigger if exists ${TRIGGER_NAME} on outbox`));
		await tx.execute(
			sql.raw(`create constraint trigger ${TRIGGER_NAME} after insert on outbox
				deferrable initially deferred for each row execute function ${FUNCTION_NAME}()`)
		);
	});
}

/** postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
	if (Array.isArray(result)) return result as T[];
	return ((result as { rows?: T[] }).rows ?? []) as T[];
}
