/**
 * Read side of the accounting pages (journal by date range, one entry, trial balance) and the
 * configurable account mapping the journal generator posts through.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { parseDayInput } from '#lib/domain/day-input';
import { toJalali, fromJalali } from '#lib/domain/jalali';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	ACCOUNT_ROLES,
	accountMappings,
	accounts,
	creditNotes,
	invoices,
	journalEntries,
	payments,
	stockDocuments,
	type AccountRole
} from '../db/schema';
import { AppError, parseOrThrow } from '../http/errors';
import { fieldError } from '../service/errors';
import { recordLedgerChange } from '../stock/events';
import { journalInRange, trialBalanceInRange, withLines } from './ledger';

const DAY_MS = 86_400_000;

/**
 * The range a page asks for as typed days (Jalali or ISO, any digits): [from, day after `to`).
 * Missing ends default to the current Jalali month.
 */
export function dayRange(
	raw: { from?: string | null; to?: string | null },
	now: Date = new Date()
): { from: Date; to: Date; fromText: string; toText: string } {
	const today = toJalali(now);
	const monthStart = fromJalali(today.jy, today.jm, 1);
	const from = (raw.from && parseDayInput(raw.from)) || monthStart;
	const toDay = (raw.to && parseDayInput(raw.to)) || fromJalali(today.jy, today.jm, today.jd);
	const iso = (d: Date) => new Date(d.getTime() + 12 * 3_600_000).toISOString().slice(0, 10);
	return { from, to: new Date(toDay.getTime() + DAY_MS), fromText: iso(from), toText: iso(toDay) };
}

/** Where each entry came from, as a link target the journal pages can show. */
async function sourceLinks(
	db: Executor,
	entries: { sourceType: string; sourceId: number }[]
): Promise<Map<string, { label: string; href: string | null }>> {
	const ids = (type: string) => entries.filter((e) => e.sourceType === type).map((e) => e.sourceId);
	const links = new Map<string, { label: string; href: string | null }>();
	const inv = ids('invoice');
	if (inv.length)
		for (const row of await db
			.select({ id: invoices.id, number: invoices.number })
			.from(invoices)
			.where(inArray(invoices.id, inv)))
			links.set(`invoice:${row.id}`, { label: row.number, href: `/invoices/${row.id}` });
	const pay = ids('payment');
	if (pay.length)
		for (const row of await db
			.select({ id: payments.id, invoiceId: invoices.id, number: invoices.number })
			.from(payments)
			.innerJoin(invoices, eq(invoices.id, payments.invoiceId))
			.where(inArray(payments.id, pay)))
			links.set(`payment:${row.id}`, { label: row.number, href: `/invoices/${row.invoiceId}` });
	const notes = ids('credit_note');
	if (notes.length)
		for (const row of await db
			.select({ id: creditNotes.id, number: creditNotes.number })
			.from(creditNotes)
			.where(inArray(creditNotes.id, notes)))
			links.set(`credit_note:${row.id}`, { label: row.number, href: `/credit-notes/${row.id}` });
	const docs = ids('stock_document');
	if (docs.length)
		for (const row of await db
			.select({ id: stockDocuments.id, number: stockDocuments.number })
			.from(stockDocuments)
			.where(inArray(stockDocuments.id, docs)))
			links.set(`stock_document:${row.id}`, {
				label: row.number,
				href: `/stock/documents/${row.id}`
			});
	return links;
}

/** Journal entries (with lines and source links) over a range of days, within the actor's branch. */
export async function journalPage(actor: Actor, raw: { from?: string | null; to?: string | null }) {
	requirePermission(actor, 'reports', 'view');
	const range = dayRange(raw);
	const db = await getDb();
	const entries = await journalInRange(db, {
		from: range.from,
		to: range.to,
		branchId: actor.user.branchId
	});
	const links = await sourceLinks(db, entries);
	return {
		range: { from: range.fromText, to: range.toText },
		entries: entries.map((e) => ({
			...e,
			source: links.get(`${e.sourceType}:${e.sourceId}`) ?? null
		}))
	};
}

/** One journal entry with its lines and source. */
export async function journalEntryPage(actor: Actor, id: number) {
	requirePermission(actor, 'reports', 'view');
	const db = await getDb();
	const [entry] = await db.select().from(journalEntries).where(eq(journalEntries.id, id));
	if (!entry || (actor.user.branchId !== null && entry.branchId !== actor.user.branchId))
		throw new AppError(404, 'not_found', 'error.notFound');
	const [withAccountLines] = await withLines(db, [entry]);
	const links = await sourceLinks(db, [entry]);
	return {
		...withAccountLines!,
		source: links.get(`${entry.sourceType}:${entry.sourceId}`) ?? null
	};
}

/** Trial balance over a range of days, within the actor's branch. */
export async function trialBalancePage(
	actor: Actor,
	raw: { from?: string | null; to?: string | null }
) {
	requirePermission(actor, 'reports', 'view');
	const range = dayRange(raw);
	const balance = await trialBalanceInRange(await getDb(), {
		from: range.from,
		to: range.to,
		branchId: actor.user.branchId
	});
	return { range: { from: range.fromText, to: range.toText }, ...balance };
}

/** The chart of accounts and which account each role posts to. */
export async function accountMapping(actor: Actor) {
	requirePermission(actor, 'reports', 'view');
	const db = await getDb();
	const [chart, mapped] = await Promise.all([
		db.select().from(accounts).orderBy(asc(accounts.code)),
		db.select().from(accountMappings)
	]);
	return {
		accounts: chart,
		mapping: ACCOUNT_ROLES.map((role) => ({
			role,
			accountId: mapped.find((m) => m.role === role)?.accountId ?? null
		}))
	};
}

export const accountMappingSchema = z.record(
	z.enum(ACCOUNT_ROLES),
	z.coerce.number().int().positive()
);

/** Points roles at other accounts; entries already posted keep the accounts they were posted to. */
export async function updateAccountMapping(actor: Actor, raw: unknown): Promise<void> {
	requirePermission(actor, 'reports', 'manage');
	const input = parseOrThrow(accountMappingSchema, raw);
	const db = await getDb();
	await db.transaction(async (tx) => {
		const roles = Object.keys(input) as AccountRole[];
		if (!roles.length) return;
		const ids = [...new Set(Object.values(input))];
		const found = await tx
			.select({ id: accounts.id })
			.from(accounts)
			.where(inArray(accounts.id, ids));
		const missing = roles.find((r) => !found.some((a) => a.id === input[r]));
		if (missing) throw fieldError(missing, 'error.notFound');
		for (const role of roles) {
			await tx
				.insert(accountMappings)
				.values({ role, accountId: input[role]! })
				.onConflictDoUpdate({ target: accountMappings.role, set: { accountId: input[role]! } });
		}
		await recordLedgerChange(tx, {
			entityType: 'account_mapping',
			entityId: 'all',
			action: 'updated',
			type: 'account_mapping.updated',
			actorId: actor.user.id,
			branchId: null,
			changes: Object.fromEntries(roles.map((r) => [r, input[r]]))
		});
	});
}
