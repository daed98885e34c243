/**
 * What posting an invoice, a payment, a credit note and a refund share: the branch guard, the
 * invoice row lock, numbering per branch and Jalali year, and the balanced journal entry of a
 * billing source (lines from `journalLinesFor`, dated and described like its document).
 */
import { eq } from 'drizzle-orm';
import { jalaliYearOf } from '#lib/domain/jalali';
import { journalLinesFor, type JournalSource } from '#lib/domain/journal';
import type { Actor } from '../auth/access';
import type { Executor } from '../db';
import {
	branches,
	invoices,
	payments,
	type Branch,
	type Invoice,
	type JournalEntry,
	type Payment,
	type PaymentMethod
} from '../db/schema';
import { AppError } from '../http/errors';
import { nextNumber } from '../service/numbering';
import { postJournalEntry, type PostEntryInput } from './ledger';

/** 404 when a branch-bound actor reaches for another branch's billing document. */
export function assertBillingBranch(actor: Actor, branchId: number): void {
	if (actor.user.branchId !== null && actor.user.branchId !== branchId)
		throw new AppError(404, 'not_found', 'error.notFound');
}

/**
 * Locks an invoice row for the rest of the transaction (every posting, payment, credit note and
 * refund of one invoice is serialised on it); 404 when missing or in another branch.
 */
export async function lockInvoiceRow(
	tx: Executor,
	actor: Actor,
	invoiceId: number
): Promise<Invoice> {
	const [invoice] = await tx
		.select()
		.from(invoices)
		.where(eq(invoices.id, invoiceId))
		.for('update');
	if (!invoice) throw new AppError(404, 'not_found', 'error.notFound');
	assertBillingBranch(actor, invoice.branchId);
	return invoice;
}

/** The branch and the next sequence number of a billing series in the Jalali year of `now`. */
export async function nextBillingNumber(
	tx: Executor,
	branchId: number,
	series: 'invoice' | 'credit_note',
	now: Date
): Promise<{ branch: Branch; jalaliYear: number; seq: number }> {
	const [branch] = await tx.select().from(branches).where(eq(branches.id, branchId));
	const jalaliYear = jalaliYearOf(now);
	const seq = await nextNumber(tx, `${series}:${branch!.id}:${jalaliYear}`);
	return { branch: branch!, jalaliYear, seq };
}

/** Posts the balanced journal entry of a billing source, dated `now`; null when it moves nothing. */
export async function postBillingEntry(
	tx: Executor,
	actorId: number,
	entry: {
		branchId: number;
		description: string;
		sourceType: PostEntryInput['sourceType'];
		sourceId: number;
		source: JournalSource;
	},
	now: Date
): Promise<JournalEntry | null> {
	return postJournalEntry(tx, {
		branchId: entry.branchId,
		entryDate: now,
		description: entry.description,
		sourceType: entry.sourceType,
		sourceId: entry.sourceId,
		lines: journalLinesFor(entry.source),
		actorId
	});
}

/**
 * Records money received on (`receipt`) or paid back against (`refund`) a locked invoice: the
 * payment row and its journal entry (receivable or refunds payable against cash or bank).
 */
export async function insertPaymentInTx(
	tx: Executor,
	actorId: number,
	invoice: Invoice,
	input: { method: PaymentMethod; amountRials: bigint; reference?: string },
	direction: 'receipt' | 'refund',
	now: Date
): Promise<Payment> {
	const [payment] = await tx
		.insert(payments)
		.values({
			invoiceId: invoice.id,
			method: input.method,
			direction,
			amountRials: input.amountRials,
			reference: input.reference ?? '',
			paidAt: now,
			createdBy: actorId,
			createdAt: now
		})
		.returning();
	const entry = await postBillingEntry(
		tx,
		actorId,
		{
			branchId: invoice.branchId,
			description: invoice.number,
			sourceType: 'payment',
			sourceId: payment!.id,
			source: {
				type: direction === 'refund' ? 'refund' : 'payment',
				method: input.method,
				amountRials: input.amountRials
			}
		},
		now
	);
	await tx.update(payments).set({ journalEntryId: entry!.id }).where(eq(payments.id, payment!.id));
	return { ...payment!, journalEntryId: entry!.id };
}
