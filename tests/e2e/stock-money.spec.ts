// Money in the browser, in Persian: an accountant invoices a paid repair the customer approved,
// posts it (journal entry and sales issue of the part), takes a part payment, prints the legal
// invoice, and sees the trial balance move; a supervisor reviews the technicians' month and an
// administrator adds a webhook endpoint. The repair itself is set up through the API. Every page
// visited passes axe in both languages.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, USER_PASSWORD, expectAccessibleInBothLanguages, msg, signIn } from './support';
import { amount, approvedRepair } from './billing-fixtures';

const fa = (key: Parameters<typeof msg>[1], params?: Record<string, string | number>) =>
	msg('fa', key, params);

/** The repair of a branch with five compressors and valves in stock (see billing-fixtures). */
async function setUp(request: APIRequestContext) {
	const repair = await approvedRepair(request, {
		prefix: 'SM',
		stock: 5,
		branchName: 'شعبهٔ مالی',
		customerName: 'نرگس امیری',
		mobilePrefix: '0935'
	});
	return {
		...repair,
		accountant: repair.accountant.username,
		supervisor: repair.supervisor.username
	};
}

async function trialTotals(page: Page): Promise<{ debit: bigint; receivables: bigint }> {
	await page.goto('/accounting/trial-balance');
	const table = page.getByTestId('trial-balance');
	if (!(await table.count())) return { debit: 0n, receivables: 0n };
	const receivables = page.getByTestId('debit-1301');
	return {
		debit: amount(await page.getByTestId('total-debit').textContent()),
		receivables: (await receivables.count()) ? amount(await receivables.textContent()) : 0n
	};
}

test.describe.configure({ mode: 'serial' });

test('an accountant invoices an approved repair, takes a payment, prints it and the trial balance moves', async ({
	browser,
	request
}) => {
	const setup = await setUp(request);
	const context = await browser.newContext({ locale: 'fa-IR' });
	const page = await context.newPage();
	await signIn(page, setup.accountant, USER_PASSWORD);

	const before = await trialTotals(page);
	await expectAccessibleInBothLanguages(page);

	// Invoices: the approved estimate waits for its invoice.
	await page
		.getByRole('navigation', { name: fa('nav.main') })
		.getByRole('link', { name: fa('nav.invoices'), exact: true })
		.click();
	await expect(page.getByRole('heading', { name: fa('billing.invoices.title') })).toBeVisible();
	const estimate = page.getByLabel(fa('billing.invoices.estimate'), { exact: true });
	const option = estimate.locator('option', { hasText: setup.formNumber });
	await estimate.selectOption({ value: (await option.getAttribute('value'))! });
	await expectAccessibleInBothLanguages(page);
	await page.getByRole('button', { name: fa('billing.invoices.create') }).click();

	// The draft: 85,000,000 + 12,500,005 of parts, VAT 10 % rounded once = 9,750,001.
	await expect(page.getByText(fa('billing.invoices.created'))).toBeVisible();
	await expect(page.getByTestId('invoice-status')).toHaveText(fa('billing.status.draft'));
	expect(amount(await page.getByTestId('invoice-vat').textContent())).toBe(9_750_001n);
	expect(amount(await page.getByTestId('invoice-total').textContent())).toBe(107_250_006n);
	const number = (await page.getByTestId('invoice-number').textContent())!.trim();
	await expectAccessibleInBothLanguages(page);

	await page.getByTestId('post-invoice').click();
	await expect(page.getByText(fa('billing.detail.posted'))).toBeVisible();
	await expect(page.getByTestId('invoice-status')).toHaveText(fa('billing.status.posted'));
	await expect(page.getByTestId('invoice-pay-state')).toHaveText(fa('billing.pay.unpaid'));
	// Posting issued the part from the parts store and wrote the journal entry.
	await expect(page.getByText(fa('stock.documentKind.sales_issue'))).toBeVisible();

	// A deposit in cash, typed in Persian digits with separators; more than the balance is refused.
	await page.getByLabel(fa('billing.payment.amount'), { exact: true }).fill('۹۹۹٬۰۰۰٬۰۰۰');
	await page.getByTestId('record-payment').click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	await page.getByLabel(fa('billing.payment.method'), { exact: true }).selectOption('cash');
	await page.getByLabel(fa('billing.payment.amount'), { exact: true }).fill('۵۰٬۰۰۰٬۰۰۰');
	await page.getByTestId('record-payment').click();
	await expect(page.getByText(fa('billing.payment.recorded'))).toBeVisible();
	await expect(page.getByTestId('invoice-pay-state')).toHaveText(fa('billing.pay.partial'));
	expect(amount(await page.getByTestId('invoice-balance').textContent())).toBe(57_250_006n);
	await expectAccessibleInBothLanguages(page);

	// The printable invoice: legal title, number, buyer, VAT, total in words.
	await page.getByTestId('print-link').click();
	await expect(page.getByRole('heading', { name: fa('billing.print.title') })).toBeVisible();
	await expect(page.getByTestId('print-number')).toHaveText(number);
	await expect(page.getByTestId('print-buyer')).toContainText(setup.customerName);
	expect(amount(await page.getByTestId('print-vat').textContent())).toBe(9_750_001n);
	expect(amount(await page.getByTestId('print-total').textContent())).toBe(107_250_006n);
	await expect(page.getByTestId('print-words')).toContainText(
		'یکصد و هفت میلیون و دویست و پنجاه هزار و شش'
	);
	await expect(page.getByText(fa('billing.print.seller'), { exact: true })).toBeVisible();
	await expect(page.getByText(fa('billing.print.buyer'), { exact: true })).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: fa('billing.print.print') })).toBeHidden();
	await page.emulateMedia({ media: 'screen' });
	await expectAccessibleInBothLanguages(page);

	// The trial balance moved: receivables up by what is still owed, totals still equal.
	const after = await trialTotals(page);
	expect(after.receivables - before.receivables).toBe(107_250_006n);
	expect(after.debit).toBeGreaterThan(before.debit);
	expect(amount(await page.getByTestId('total-credit').textContent())).toBe(after.debit);
	await expect(page.getByText(fa('accounting.trial.ok'))).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// The journal lists the invoice's entry, linked back to it.
	await page.goto('/accounting');
	await expect(page.getByRole('link', { name: number }).first()).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// The request shows the money and the stock it caused: the invoice and the sales issue.
	await page.goto(`/requests/${setup.requestId}`);
	const money = page.getByRole('region', { name: fa('serviceUi.request.moneyAndStock') });
	await expect(money.getByTestId('request-invoices')).toContainText(fa('billing.pay.partial'));
	await expect(money.getByTestId('request-stock-documents')).toContainText(
		fa('stock.documentKind.sales_issue')
	);
	await expectAccessibleInBothLanguages(page);
	await money.getByRole('link', { name: number }).click();
	await expect(page.getByTestId('invoice-number')).toHaveText(number);
	await context.close();
});

test('a supervisor reviews the technicians’ month and an administrator adds a webhook endpoint', async ({
	browser,
	request
}) => {
	const setup = await setUp(request);
	const context = await browser.newContext({ locale: 'fa-IR' });
	const page = await context.newPage();
	await signIn(page, setup.supervisor, USER_PASSWORD);
	// A month long past: computing it disturbs no other spec.
	await page.goto('/payroll?month=1391-01');
	await expect(page.getByText(fa('payroll.notComputed'))).toBeVisible();
	await page.getByTestId('payroll-compute').click();
	await expect(page.getByText(fa('payroll.computed'))).toBeVisible();
	await expect(page.getByTestId('payroll-status')).toHaveText(fa('payroll.status.open'));
	await expectAccessibleInBothLanguages(page);
	await context.close();

	const adminContext = await browser.newContext({ locale: 'fa-IR' });
	const admin = await adminContext.newPage();
	await signIn(admin, ADMIN.username, ADMIN.password);
	await admin.goto('/admin/webhooks');
	await admin.getByLabel(fa('webhooks.name'), { exact: true }).fill(`ERP ${setup.tag}`);
	await admin
		.getByLabel(fa('webhooks.url'), { exact: true })
		.fill('https://erp.example.ir/hooks/khadamat');
	await admin.getByRole('checkbox', { name: 'invoice.*' }).check();
	await admin.getByTestId('webhook-create').click();
	await expect(admin.getByText(fa('webhooks.created'))).toBeVisible();
	await expect(admin.getByTestId('webhook-secret')).toHaveText(/^whsec_[0-9a-f]{64}$/);
	// Switched off again so the shared test server does not try a real address.
	await admin.getByLabel(fa('webhooks.active'), { exact: true }).uncheck();
	await admin.getByRole('button', { name: fa('common.save') }).click();
	await expect(admin.getByText(fa('webhooks.saved'))).toBeVisible();
	await expectAccessibleInBothLanguages(admin);
	await adminContext.close();
});
