// Corrections in the browser, in Persian: an accountant credits one line of a paid invoice (more
// than was sold is refused), sees the refund owed on the credit note, prints it, finds the
// invoice's net figures and credited state, pays the refund back and finds the note in the
// credit-note list (filtered by branch and status); an administrator returns the month's scrap in
// one step (a second run finds nothing left). Setup through the API; every page passes axe in both
// languages.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { toJalali } from '#lib/domain/jalali';
import { ADMIN, USER_PASSWORD, expectAccessibleInBothLanguages, msg, signIn } from './support';
import { amount, approvedRepair, post } from './billing-fixtures';

const fa = (key: Parameters<typeof msg>[1], params?: Record<string, string | number>) =>
	msg('fa', key, params);

interface Setup {
	invoiceId: number;
	invoiceNumber: string;
	branchId: number;
	accountant: string;
	scrapStoreId: number;
}

/**
 * A branch with stock, and a paid invoice for a compressor (85,000,000) and a valve
 * (12,500,005): VAT 10 % = 9,750,001, total 107,250,006, paid in full; one scrap part received.
 */
async function setUp(request: APIRequestContext): Promise<Setup> {
	const repair = await approvedRepair(request, {
		prefix: 'CN',
		stock: 2,
		branchName: 'شعبهٔ برگشت',
		customerName: 'سارا نوری',
		mobilePrefix: '0936'
	});
	const { admin, tag, stores, accountant } = repair;
	const scrap = await post<{ id: number }>(request, admin, '/api/v1/stock-documents', {
		branchId: repair.branchId,
		kind: 'scrap_receipt',
		moves: [
			{
				warehouseId: stores.scrap.id,
				productId: repair.compressorId,
				quantity: 1,
				serial: `SCR-${tag}`,
				unitCostRials: '1000000'
			}
		]
	});
	await post(request, admin, `/api/v1/stock-documents/${scrap.id}/post`, {});
	const invoice = await post<{ id: number; number: string; totalRials: string }>(
		request,
		accountant.token,
		'/api/v1/invoices',
		{ estimateId: repair.estimateId }
	);
	expect(invoice.totalRials).toBe('107250006');
	await post(request, accountant.token, `/api/v1/invoices/${invoice.id}/post`, {});
	await post(request, accountant.token, `/api/v1/invoices/${invoice.id}/payments`, {
		method: 'card',
		amountRials: '107250006'
	});
	return {
		invoiceId: invoice.id,
		invoiceNumber: invoice.number,
		branchId: repair.branchId,
		accountant: accountant.username,
		scrapStoreId: stores.scrap.id
	};
}

test.describe.configure({ mode: 'serial' });

let setup: Setup;

test('an accountant credits the valve of a paid invoice, sees the refund owed and prints the credit note', async ({
	browser,
	request
}) => {
	setup = await setUp(request);
	const context = await browser.newContext({ locale: 'fa-IR' });
	const page = await context.newPage();
	await signIn(page, setup.accountant, USER_PASSWORD);

	await page.goto(`/invoices/${setup.invoiceId}`);
	const section = page.getByRole('region', { name: fa('creditNote.title') });
	await expect(section.getByText(fa('creditNote.none'))).toBeVisible();
	await section.getByTestId('new-credit-note').click();
	await expect(page.getByRole('heading', { name: fa('creditNote.new') })).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// Two valves were never sold: refused beside the line, with what can be credited.
	const valve = page.getByLabel(fa('creditNote.quantityFor', { line: 'شیر انبساط' }));
	await valve.fill('۲');
	await page.getByLabel(fa('creditNote.reason')).fill('شیر انبساط نصب نشد و پس گرفته شد');
	await page.getByTestId('credit-post').click();
	await expect(page.getByRole('alert').first()).toContainText(fa('creditNote.error.overCredit'));
	await expect(
		page.getByText(fa('creditNote.error.overCreditLine', { available: 1 }))
	).toBeVisible();

	await page.getByLabel(fa('creditNote.quantityFor', { line: 'شیر انبساط' })).fill('۱');
	await page.getByTestId('credit-post').click();

	// 12,500,005 + VAT 1,250,000.5 → 1,250,001 = 13,750,006, all of it owed back (it was paid).
	await expect(page.getByTestId('credit-note-status')).toHaveText(fa('creditNote.status.posted'));
	expect(amount(await page.getByTestId('credit-note-vat').textContent())).toBe(1_250_001n);
	expect(amount(await page.getByTestId('credit-note-total').textContent())).toBe(13_750_006n);
	expect(amount(await page.getByTestId('credit-note-refund').textContent())).toBe(13_750_006n);
	const number = (await page.getByTestId('credit-note-number').textContent())!.trim();
	await expect(page.getByText(fa('stock.documentKind.sales_return'))).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	await page.getByTestId('credit-print-link').click();
	await expect(page.getByRole('heading', { name: fa('creditNote.printTitle') })).toBeVisible();
	await expect(page.getByTestId('print-number')).toHaveText(number);
	expect(amount(await page.getByTestId('print-total').textContent())).toBe(13_750_006n);
	await expect(page.getByTestId('print-reason')).toHaveText('شیر انبساط نصب نشد و پس گرفته شد');
	await expectAccessibleInBothLanguages(page);

	// The invoice: unchanged totals, its credit note, net after credits and the refund owed.
	await page.goto(`/invoices/${setup.invoiceId}`);
	await expect(page.getByTestId('invoice-credit-state')).toHaveText(fa('billing.credit.partial'));
	expect(amount(await page.getByTestId('invoice-total').textContent())).toBe(107_250_006n);
	expect(amount(await page.getByTestId('invoice-credited').textContent())).toBe(13_750_006n);
	expect(amount(await page.getByTestId('invoice-net-total').textContent())).toBe(93_500_000n);
	expect(amount(await page.getByTestId('invoice-refund-due').textContent())).toBe(13_750_006n);
	expect(amount(await page.getByTestId('invoice-balance').textContent())).toBe(0n);
	await expect(page.getByTestId('credit-notes').getByRole('link', { name: number })).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// Paying the refund back by transfer: more than is owed is refused, the exact amount settles it.
	const refund = page.getByRole('form', { name: fa('creditNote.refund.record') });
	await refund.getByLabel(fa('billing.payment.method')).selectOption('transfer');
	await refund.getByLabel(fa('billing.payment.amount')).fill('۱۳٬۷۵۰٬۰۰۷');
	await refund.getByTestId('record-refund').click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	await refund.getByLabel(fa('billing.payment.amount')).fill('۱۳٬۷۵۰٬۰۰۶');
	await refund.getByTestId('record-refund').click();
	await expect(page.getByText(fa('creditNote.refund.recorded'))).toBeVisible();
	expect(amount(await page.getByTestId('invoice-refunded').textContent())).toBe(13_750_006n);
	expect(amount(await page.getByTestId('invoice-refund-due').textContent())).toBe(0n);
	await expect(page.getByTestId('record-refund')).toHaveCount(0);
	await expect(page.getByTestId('payments')).toContainText(fa('billing.payment.direction.refund'));
	await expectAccessibleInBothLanguages(page);

	await page.goto(`/invoices?q=${encodeURIComponent(setup.invoiceNumber)}`);
	await expect(page.getByTestId('invoice-credit-state').first()).toHaveText(
		fa('billing.credit.partial')
	);

	// The credit-note list, from the navigation: this branch's posted notes are just this one.
	await page
		.getByRole('navigation', { name: fa('nav.main') })
		.getByRole('link', { name: fa('nav.creditNotes'), exact: true })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: fa('creditNote.title') })).toBeVisible();
	const filters = page.getByRole('form', { name: fa('creditNote.list.filters') });
	await filters.getByLabel(fa('creditNote.list.branch')).selectOption(String(setup.branchId));
	await filters.getByLabel(fa('creditNote.list.status')).selectOption('posted');
	await filters.getByRole('button', { name: fa('creditNote.list.filter') }).click();
	const list = page.getByTestId('credit-note-list');
	await expect(list.getByRole('link', { name: number })).toBeVisible();
	await expect(list.locator('tbody tr')).toHaveCount(1);
	expect(amount(await list.locator('tbody td.num').first().textContent())).toBe(13_750_006n);
	await expectAccessibleInBothLanguages(page);
	await filters.getByLabel(fa('creditNote.list.status')).selectOption('draft');
	await filters.getByRole('button', { name: fa('creditNote.list.filter') }).click();
	await expect(page.getByText(fa('creditNote.list.none'))).toBeVisible();
	await context.close();
});

test("an administrator returns this month's scrap in one step; a second run finds nothing left", async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'fa-IR' });
	const page = await context.newPage();
	await signIn(page, ADMIN.username, ADMIN.password);
	await page.goto('/stock');
	const { jy, jm } = toJalali(new Date());
	const month = `${jy}-${String(jm).padStart(2, '0')}`;
	const form = page.getByRole('form', { name: fa('stock.scrapBatch.title') });
	await form.getByLabel(fa('stock.scrapBatch.warehouse')).selectOption(String(setup.scrapStoreId));
	await form.getByLabel(fa('stock.scrapBatch.month')).fill(month);
	await form.getByLabel(fa('stock.scrapBatch.post')).check();
	await form.getByTestId('scrap-batch-submit').click();
	await expect(page.getByRole('status').first()).toBeVisible();
	await expect(
		page.locator('[data-testid="doc-period"]', { hasText: month }).first()
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	await page.goto('/stock');
	await form.getByLabel(fa('stock.scrapBatch.warehouse')).selectOption(String(setup.scrapStoreId));
	await form.getByLabel(fa('stock.scrapBatch.month')).fill(month);
	await form.getByTestId('scrap-batch-submit').click();
	await expect(page.getByRole('alert').first()).toContainText(fa('stock.scrapBatch.nothing'));
	await context.close();
});
