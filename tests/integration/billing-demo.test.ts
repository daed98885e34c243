// The money side of the demo: invoices in every payment state, balanced books that pass the stock
// check, payroll months (the oldest locked), and the invoice pages' read models over them.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadGrants, type Actor } from '#lib/server/auth/access';
import { trialBalancePage } from '#lib/server/billing/accounting';
import { invoiceList, invoicePage } from '#lib/server/billing/views';
import { getDb, schema } from '#lib/server/db';
import { seedBillingDemo } from '#lib/server/demo/billing';
import { seedCatalogDemo } from '#lib/server/demo/catalog';
import { seedOrgDemo } from '#lib/server/demo/org';
import { seedServiceDemo } from '#lib/server/demo/service';
import { seedStockDemo } from '#lib/server/demo/stock';
import { listPayrollMonths } from '#lib/server/hr/payroll';
import { checkStockConsistency } from '#lib/server/stock/check';

async function actor(username: string): Promise<Actor> {
	const db = await getDb();
	const [user] = await db.select().from(schema.users).where(eq(schema.users.username, username));
	return { user: user!, grants: await loadGrants(user!.id), sessionId: 't', via: 'cookie' };
}

describe('billing demo data', () => {
	it('invoices the approved repairs in every payment state and keeps the books consistent', async () => {
		const db = await getDb();
		const added = await db.transaction(async (tx) => {
			await seedOrgDemo(tx, 'not-a-real-hash');
			await seedCatalogDemo(tx);
			await seedStockDemo(tx);
			await seedServiceDemo(tx, { requests: 40 });
			return seedBillingDemo(tx);
		});
		expect(added.invoices).toBeGreaterThan(3);
		expect(added.payrollMonths).toBeGreaterThanOrEqual(2);

		const accountant = await actor('m.hashemi');
		const all = await invoiceList(accountant, {});
		expect(all.length).toBe(added.invoices);
		const states = new Set(all.map((i) => (i.status === 'draft' ? 'draft' : i.payState)));
		expect(states.has('paid')).toBe(true);
		expect([...states].some((s) => s !== 'paid')).toBe(true);
		expect(
			(await invoiceList(accountant, { pay: 'paid' })).every((i) => i.balanceRials === 0n)
		).toBe(true);
		const posted = all.find((i) => i.status === 'posted')!;
		const page = await invoicePage(accountant, posted.id);
		expect(page.entries.length).toBeGreaterThanOrEqual(1);
		expect(page.settings.economicCode).toMatch(/^\d+$/);
		expect(page.invoice.totalRials).toBe(
			page.invoice.subtotalRials - page.invoice.discountRials + page.invoice.vatRials
		);

		// One credit note: a part taken back from a paid invoice, so a refund is owed.
		expect(added.creditNotes).toBe(1);
		const credited = all.find((r) => r.creditState !== 'none')!;
		const creditedPage = await invoicePage(accountant, credited.id);
		expect(creditedPage.creditNotes).toHaveLength(1);
		expect(creditedPage.creditNotes[0]!.status).toBe('posted');
		expect(creditedPage.invoice.creditedRials).toBe(creditedPage.creditNotes[0]!.totalRials);

		const report = await checkStockConsistency(db);
		expect(report.problems).toEqual([]);
		const balance = await trialBalancePage(accountant, { from: '1300/01/01', to: '1500/01/01' });
		expect(balance.totalDebitRials).toBe(balance.totalCreditRials);
		expect(balance.lines.some((l) => l.code === '4101')).toBe(true);

		const months = await listPayrollMonths(await actor('m.rahimi'));
		expect(months.some((m) => m.status === 'locked')).toBe(true);
		expect(months.some((m) => m.status === 'open')).toBe(true);

		// Loading again adds nothing.
		const again = await db.transaction((tx) => seedBillingDemo(tx));
		expect(again.payrollMonths).toBe(0);
		expect(again.creditNotes).toBe(0);
		expect((await invoiceList(accountant, {})).length).toBe(added.invoices + again.invoices);
	}, 300_000);
});
