import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import {
	entryTotals,
	isBalanced,
	type AccountRole,
	type JournalDraftLine
} from '#lib/domain/journal';
import type { Executor } from '../db';
import {
	accountMappings,
	accounts,
	journalEntries,
	journalLines,
	type JournalEntry
} from '../db/schema';
import { recordLedgerChange } from '../stock/events';
import { installDefaultChart, LATE_ROLES } from './accounts';
import { AppError } from '../http/errors';

// drizzle-kit generates no triggers and drizzle/ holds only the generated migration, so the
// database-side guards are installed (idempotently) by the code that writes the journal.
const GUARD_SQL = [
	`
create or replace function khadamat_journal_balanced() returns trigger language plpgsql as $fn$
declare
	entry bigint := (to_jsonb(new) ->> case when tg_table_name = 'journal_entry' then 'id' else 'entry_id' end)::bigint;
	expected_debit bigint; expected_credit bigint; debit numeric; credit numeric;
begin
	select total_debit_rials, total_credit_rials into expected_debit, expected_credit from journal_entry where id = entry;
	select coalesce(sum(debit_rials), 0), coalesce(sum(credit_rials), 0) into debit, credit from journal_line where entry_id = entry;
	if debit <> credit or debit <> expected_debit or credit <> expected_credit then
		raise exception 'journal entry % is not balanced (debit %, credit %)', entry, debit, credit using errcode = '23514';
	end if;
	return null;
end $fn$`,
	`create or replace function khadamat_journal_immutable() returns trigger language plpgsql as $fn$
begin
	raise exception 'posted journal entries are never changed; post a reversing entry' using errcode = '55000';
end $fn$`,
	`drop trigger if exists journal_entry_balanced_tg on journal_entry`,
	`create constraint trigger journal_entry_balanced_tg after insert on journal_entry
	deferrable initially deferred for each row execute function khadamat_journal_balanced()`,
	`drop trigger if exists journal_line_balanced_tg on journal_line`,
	`create constraint trigger journal_line_balanced_tg after insert on journal_line
	deferrable initially deferred for each row execute function khadamat_journal_balanced()`,
	`drop trigger if exists journal_entry_immutable_tg on journal_entry`,
	`create trigger journal_entry_immutable_tg before update or delete on journal_entry
	for each row execute function khadamat_journal_immutable()`,
	`drop trigger if exists journal_line_immutable_tg on journal_line`,
	`create trigger journal_line_immutable_tg before update or delete on journal_line
	for each row execute function khadamat_journal_immutable()`
];

const installed = new WeakSet<object>();

/** Makes sure the balance and immutability triggers exist; cheap after the first call per handle. */
export async function ensureLedgerGuards(executor: Executor): Promise<void> {
	if (installed.has(executor)) return;
	const found = await executor.execute(
		sql`select 1 from pg_trigger where tgname = 'journal_line_immutable_tg'`
	);
	const rows = Array.isArray(found) ? found : ((found as { rows?: unknown[] }).rows ?? []);
	if (rows.length > 0) {
		installed.add(executor);
		return;
	}
	const install = async (tx: Executor) => {
		await tx.execute(sql`select pg_advisory_xact_lock(727281)`);
		for (const statement of GUARD_SQL) await tx.execute(sql.raw(statement));
	};
	// Inside a caller's transaction the triggers commit (or roll back) with it, so the handle is
	// remembered only once a later call sees them committed.
	if (
		'transaction' in executor &&
		typeof executor.transaction === 'function' &&
		!('rollback' in executor)
	) {
		await executor.transaction(install);
		installed.add(executor);
	} else await install(executor);
}

export interface PostEntryInput {
	branchId: number | null;
	entryDate: Date;
	description: string;
	sourceType: 'stock_document' | 'invoice' | 'payment' | 'credit_note';
	sourceId: number;
	lines: JournalDraftLine[];
	actorId: number | null;
	reversesId?: number | null;
}

/** Resolves account roles through the configurable mapping; 409 when a role is not mapped. */
export async function resolveAccounts(
	tx: Executor,
	roles: AccountRole[]
): Promise<Map<AccountRole, number>> {
	const unique = [...new Set(roles)];
	if (!unique.length) return new Map();
	let rows = await tx.select().from(accountMappings).where(inArray(accountMappings.role, unique));
	if (rows.length < unique.length) {
		// A fresh installation has no chart yet: the first posting installs the default one. Once
		// anything is mapped, a missing role is the accountant's decision and is reported instead.
		const [any] = await tx.select().from(accountMappings).limit(1);
		const late = unique.filter(
			(r) => LATE_ROLES.includes(r) && !rows.some((row) => row.role === r)
		);
		if (!any || late.length) {
			await installDefaultChart(tx, any ? late : null);
			rows = await tx.select().from(accountMappings).where(inArray(accountMappings.role, unique));
		}
	}
	const map = new Map(rows.map((r) => [r.role as AccountRole, r.accountId]));
	const missing = unique.find((r) => !map.has(r));
	if (missing)
		throw new AppError(409, 'account_not_mapped', 'stock.error.noMapping', { role: missing });
	return map;
}

/**
 * Posts a journal entry in the caller's transaction (with its outbox event); null when the lines
 * are empty (the source moves no money).
 */
export async function postJournalEntry(
	tx: Executor,
	input: PostEntryInput
): Promise<JournalEntry | null> {
	if (input.lines.length === 0) return null;
	if (!isBalanced(input.lines)) throw new RangeError('unbalanced journal entry');
	await ensureLedgerGuards(tx);
	const accountOf = await resolveAccounts(
		tx,
		input.lines.map((l) => l.role)
	);
	const totals = entryTotals(input.lines);
	const [entry] = await tx
		.insert(journalEntries)
		.values({
			branchId: input.branchId,
			entryDate: input.entryDate,
			description: input.description,
			sourceType: input.sourceType,
			sourceId: input.sourceId,
			totalDebitRials: totals.debit,
			totalCreditRials: totals.credit,
			reversesId: input.reversesId ?? null,
			createdBy: input.actorId,
			createdAt: input.entryDate
		})
		.returning();
	await tx.insert(journalLines).values(
		input.lines.map((l) => ({
			entryId: entry!.id,
			accountId: accountOf.get(l.role)!,
			debitRials: l.debit,
			creditRials: l.credit,
			memo: l.role
		}))
	);
	await recordLedgerChange(tx, {
		entityType: 'journal_entry',
		entityId: entry!.id,
		action: 'posted',
		type: 'journal_entry.posted',
		actorId: input.actorId,
		branchId: input.branchId,
		changes: {
			sourceType: input.sourceType,
			sourceId: input.sourceId,
			totalRials: totals.debit.toString()
		}
	});
	return entry!;
}

/** Journal entries of a source document with their lines and account names. */
export async function entriesOfSource(tx: Executor, sourceType: string, sourceIds: number[]) {
	if (!sourceIds.length) return [];
	const entries = await tx
		.select()
		.from(journalEntries)
		.where(
			and(eq(journalEntries.sourceType, sourceType), inArray(journalEntries.sourceId, sourceIds))
		)
		.orderBy(asc(journalEntries.id));
	return withLines(tx, entries);
}

/** Attaches lines (with account code and names) to entries. */
export async function withLines(tx: Executor, entries: JournalEntry[]) {
	if (!entries.length) return [];
	const lines = await tx
		.select({
			entryId: journalLines.entryId,
			accountId: journalLines.accountId,
			accountCode: accounts.code,
			accountNameFa: accounts.nameFa,
			accountNameEn: accounts.nameEn,
			debitRials: journalLines.debitRials,
			creditRials: journalLines.creditRials,
			role: journalLines.memo
		})
		.from(journalLines)
		.innerJoin(accounts, eq(accounts.id, journalLines.accountId))
		.where(
			inArray(
				journalLines.entryId,
				entries.map((e) => e.id)
			)
		)
		.orderBy(asc(journalLines.id));
	return entries.map((e) => ({ ...e, lines: lines.filter((l) => l.entryId === e.id) }));
}

/** Entries whose date falls in [from, to), oldest first, optionally for one branch. */
export async function journalInRange(
	tx: Executor,
	range: { from: Date; to: Date; branchId?: number | null }
) {
	const conditions = [
		gte(journalEntries.entryDate, range.from),
		lt(journalEntries.entryDate, range.to)
	];
	if (range.branchId != null) conditions.push(eq(journalEntries.branchId, range.branchId));
	const entries = await tx
		.select()
		.from(journalEntries)
		.where(and(...conditions))
		.orderBy(asc(journalEntries.entryDate), asc(journalEntries.id));
	return withLines(tx, entries);
}

/** Debit and credit totals per account over [from, to); accounts with no movement are left out. */
export async function trialBalanceInRange(
	tx: Executor,
	range: { from: Date; to: Date; branchId?: number | null }
) {
	const conditions = [
		gte(journalEntries.entryDate, range.from),
		lt(journalEntries.entryDate, range.to)
	];
	if (range.branchId != null) conditions.push(eq(journalEntries.branchId, range.branchId));
	const rows = await tx
		.select({
			accountId: accounts.id,
			code: accounts.code,
			nameFa: accounts.nameFa,
			nameEn: accounts.nameEn,
			type: accounts.type,
			debit: sql<string>`coalesce(sum(${journalLines.debitRials}), 0)::text`,
			credit: sql<string>`coalesce(sum(${journalLines.creditRials}), 0)::text`
		})
		.from(journalLines)
		.innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
		.innerJoin(accounts, eq(accounts.id, journalLines.accountId))
		.where(and(...conditions))
		.groupBy(accounts.id, accounts.code, accounts.nameFa, accounts.nameEn, accounts.type)
		.orderBy(asc(accounts.code));
	const lines = rows.map((r) => {
		const debit = BigInt(r.debit);
		const credit = BigInt(r.credit);
		return {
			accountId: r.accountId,
			code: r.code,
			nameFa: r.nameFa,
			nameEn: r.nameEn,
			type: r.type,
			debitRials: debit,
			creditRials: credit,
			balanceRials: debit - credit
		};
	});
	const totals = lines.reduce(
		(acc, l) => ({ debit: acc.debit + l.debitRials, credit: acc.credit + l.creditRials }),
		{ debit: 0n, credit: 0n }
	);
	return { lines, totalDebitRials: totals.debit, totalCreditRials: totals.credit };
}
