import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { toJalali } from '#lib/domain/jalali';
import type { PaymentMethod } from '../db/schema';
import { loadGrants, type Actor } from '../auth/access';
import type { Tx } from '../db';
import {
	billingSettings,
	creditNotes,
	estimates,
	invoiceLines,
	invoices,
	payrollMonths,
	users,
	webhookEndpoints
} from '../db/schema';
import { createCreditNoteInTx, postCreditNoteInTx } from '../billing/credit-notes';
import { createInvoiceInTx, postInvoiceInTx, recordPaymentInTx } from '../billing/invoices';
import { computePayrollMonthInTx, lockPayrollMonthInTx } from '../hr/payroll';
import { AppError } from '../http/errors';
import { generateWebhookSecret } from '../webhooks/endpoints';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function actorOf(tx: Tx, username: string): Promise<Actor | null> {
	const [user] = await tx.select().from(users).where(eq(users.username, username));
	if (!user) return null;
	return { user, grants: await loadGrants(user.id, tx), sessionId: 'demo', via: 'cookie' };
}

/** A small deterministic random source, so every demo load tells the same story. */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

function jalaliMonthKey(date: Date): string {
	const { jy, jm } = toJalali(date);
	return `${jy}-${String(jm).padStart(2, '0')}`;
}

/**
 * Invoices for the demo's approved paid repairs (settled, part paid, unpaid and a few drafts,
 * with their sales issues and journal entries), the seller particulars printed on them, payroll
 * months computed from the demo's QC reviews (the oldest locked), and a sample (inactive)
 * webhook endpoint. Run after the service demo; idempotent.
 */
export async function seedBillingDemo(
	tx: Tx,
	options: { clock?: Date } = {}
): Promise<{ invoices: number; payments: number; creditNotes: number; payrollMonths: number }> {
	const clock = options.clock ?? new Date();
	const rand = seeded(1405);
	const result = { invoices: 0, payments: 0, creditNotes: 0, payrollMonths: 0 };
	const [settings] = await tx.select().from(billingSettings).where(eq(billingSettings.id, 1));
	if (!settings)
		await tx.insert(billingSettings).values({
			id: 1,
			sellerName: 'شرکت خدمات پس از فروش آریا سرویس',
			economicCode: '411134567891',
			nationalId: '10320567890',
			registrationNo: '456789',
			postalCode: '1598716111',
			address: 'تهران، خیابان ولیعصر، بالاتر از میدان ونک، پلاک ۲۲۰',
			phone: '021-88776655',
			vatRateBp: 1000,
			invoiceNote: 'قطعات تعویضی تا سه ماه ضمانت دارند. این صورتحساب بدون مهر فروشنده معتبر نیست.'
		});

	const accountant = await actorOf(tx, 'm.hashemi');
	const supervisor = await actorOf(tx, 'm.rahimi');
	if (accountant) {
		const waiting = await tx
			.select({ id: estimates.id, answeredAt: estimates.answeredAt })
			.from(estimates)
			.leftJoin(invoices, eq(invoices.estimateId, estimates.id))
			.where(
				and(eq(estimates.status, 'approved'), eq(estimates.noCharge, false), isNull(invoices.id))
			)
			.orderBy(asc(estimates.id));
		const methods: PaymentMethod[] = ['cash', 'card', 'card', 'transfer'];
		for (const [index, estimate] of waiting.entries()) {
			const issuedAt = new Date(
				Math.min(
					(estimate.answeredAt ?? clock).getTime() + (1 + rand() * 2) * DAY,
					clock.getTime() - HOUR
				)
			);
			// Leave the newest few for the accountant to invoice by hand.
			if (index >= waiting.length - 2) break;
			const story = rand();
			try {
				// A savepoint per invoice: one that cannot post (a part out of stock) leaves the rest.
				await tx.transaction(async (sp) => {
					const discount = rand() < 0.25 ? BigInt(Math.round(rand() * 20) * 50_000) : 0n;
					const id = await createInvoiceInTx(
						sp,
						accountant,
						{ estimateId: estimate.id, ...(discount > 0n ? { discountRials: discount } : {}) },
						issuedAt
					);
					result.invoices += 1;
					if (story < 0.12) return; // still a draft
					await postInvoiceInTx(sp, accountant, id, issuedAt);
					if (story < 0.3) return; // posted, unpaid
					const [invoice] = await sp.select().from(invoices).where(eq(invoices.id, id));
					const paidAt = new Date(
						Math.min(issuedAt.getTime() + rand() * 3 * DAY, clock.getTime() - HOUR / 2)
					);
					const method = methods[Math.floor(rand() * methods.length)]!;
					// Part payments: a deposit in cash, the rest later (or not yet).
					const first =
						story < 0.5 ? (invoice!.totalRials / 2n / 10_000n) * 10_000n : invoice!.totalRials;
					await recordPaymentInTx(
						sp,
						accountant,
						id,
						{
							method: story < 0.5 ? 'cash' : method,
							amountRials: first,
							reference: method === 'cash' ? '' : String(100_000 + Math.floor(rand() * 899_999))
						},
						paidAt
					);
					result.payments += 1;
					if (story >= 0.42 && story < 0.5) {
						await recordPaymentInTx(
							sp,
							accountant,
							id,
							{
								method: 'transfer',
								amountRials: invoice!.totalRials - first,
								reference: String(100_000 + Math.floor(rand() * 899_999))
							},
							new Date(Math.min(paidAt.getTime() + 2 * DAY, clock.getTime() - HOUR / 4))
						);
						result.payments += 1;
					}
				});
			} catch (error) {
				if (!(error instanceof AppError)) throw error;
			}
		}
	}

	// A credit note: the part of the oldest paid invoice taken back (back into stock), so the
	// paid invoice now shows a refund owed to its buyer.
	const [anyCredit] = await tx.select({ id: creditNotes.id }).from(creditNotes).limit(1);
	if (accountant && !anyCredit) {
		const [target] = await tx
			.select()
			.from(invoices)
			.where(and(eq(invoices.status, 'posted'), gt(invoices.paidRials, 0n)))
			.orderBy(asc(invoices.id))
			.limit(1);
		const lines = target
			? await tx
					.select()
					.from(invoiceLines)
					.where(eq(invoiceLines.invoiceId, target.id))
					.orderBy(asc(invoiceLines.id))
			: [];
		const line = lines.find((l) => l.kind === 'part') ?? lines.find((l) => l.kind !== 'discount');
		if (target && line) {
			const at = new Date(
				Math.min((target.postedAt ?? clock).getTime() + 2 * DAY, clock.getTime() - HOUR / 8)
			);
			try {
				await tx.transaction(async (sp) => {
					const id = await createCreditNoteInTx(
						sp,
						accountant,
						target.id,
						{
							reason: 'قطعهٔ تعویضی به درخواست مشتری پس گرفته شد؛ دستگاه با قطعهٔ قبلی تحویل شد.',
							restock: true,
							lines: [{ invoiceLineId: line.id, quantity: line.quantity }]
						},
						at
					);
					await postCreditNoteInTx(sp, accountant, id, at);
				});
				result.creditNotes += 1;
			} catch (error) {
				if (!(error instanceof AppError)) throw error;
			}
		}
	}

	// Payroll: the last three Jalali months from the QC reviews; the oldest reviewed and locked.
	const [anyMonth] = await tx.select({ id: payrollMonths.id }).from(payrollMonths).limit(1);
	if (!anyMonth) {
		const months = [
			...new Set([60, 30, 0].map((d) => jalaliMonthKey(new Date(clock.getTime() - d * DAY))))
		];
		for (const month of months) {
			await computePayrollMonthInTx(tx, month, clock);
			result.payrollMonths += 1;
		}
		if (supervisor && months.length > 1)
			await lockPayrollMonthInTx(tx, supervisor.user.id, months[0]!, clock);
	}

	// An outside ERP's receiver, switched off until someone points it at a real address.
	const [endpoint] = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).limit(1);
	if (!endpoint)
		await tx.insert(webhookEndpoints).values({
			name: 'سامانهٔ حسابداری و حقوق (نمونه)',
			url: 'https://erp.example.ir/hooks/khadamat',
			secret: generateWebhookSecret(),
			eventTypes: [
				'invoice.*',
				'credit_note.*',
				'journal_entry.*',
				'stock_document.*',
				'payroll_month.*'
			],
			active: false,
			createdBy: supervisor?.user.id ?? null
		});
	return result;
}
