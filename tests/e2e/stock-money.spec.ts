// Money in the browser, in Persian: an accountant invoices a paid repair the customer approved,
// posts it (journal entry and sales issue of the part), takes a part payment, prints the legal
// invoice, and sees the trial balance move; a supervisor reviews the technicians' month and an
// administrator adds a webhook endpoint. The repair itself is set up through the API. Every page
// visited passes axe in both languages.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { normalizeDigits } from '#lib/domain/text';
import {
	ADMIN,
	USER_PASSWORD,
	apiToken,
	bearer,
	expectAccessibleInBothLanguages,
	msg,
	roleIds,
	signIn,
	uniqueName
} from './support';

const fa = (key: Parameters<typeof msg>[1], params?: Record<string, string | number>) =>
	msg('fa', key, params);

const OPEN_ALL_WEEK = Object.fromEntries(
	['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [[0, 1440]]])
);

async function post<T>(
	request: APIRequestContext,
	token: string,
	path: string,
	data: unknown
): Promise<T> {
	const response = await request.post(path, { headers: bearer(token), data });
	expect(response.status(), `POST ${path}: ${await response.text()}`).toBeLessThan(300);
	return (await response.json()) as T;
}

/** A number as the page shows it (Persian digits, separators) read back as a bigint. */
function amount(text: string | null): bigint {
	const digits = normalizeDigits(text ?? '').replace(/[^\d-]/g, '');
	return digits ? BigInt(digits) : 0n;
}

interface Setup {
	tag: string;
	formNumber: string;
	requestId: number;
	customerName: string;
	accountant: string;
	supervisor: string;
}

/**
 * A branch with its stores and five compressors in stock, staff, and a repair outside warranty
 * whose estimate (a compressor and a valve) the customer approved.
 */
async function setUp(request: APIRequestContext): Promise<Setup> {
	const admin = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-7);
	const branch = await post<{ id: number }>(request, admin, '/api/v1/branches', {
		code: `SM-${tag}`,
		nameFa: `شعبهٔ مالی ${tag}`,
		nameEn: `Money ${tag}`,
		weeklyHours: OPEN_ALL_WEEK
	});
	const stores = await post<{ main: { id: number } }>(request, admin, '/api/v1/warehouses', {
		branchId: branch.id
	});
	const fridge = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `RFM-${tag}`,
		nameFa: 'یخچال دوقلو',
		nameEn: 'Twin fridge',
		priceRials: 400_000_000
	});
	const compressor = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `CMPM-${tag}`,
		nameFa: 'کمپرسور اینورتر',
		nameEn: 'Inverter compressor',
		isPart: true,
		priceRials: 85_000_000
	});
	// Priced so VAT has a half Rial to round: 10 % of 97,500,005.
	const valve = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `VLV-${tag}`,
		nameFa: 'شیر انبساط',
		nameEn: 'Expansion valve',
		isPart: true,
		priceRials: 12_500_005
	});
	const receipt = await post<{ id: number }>(request, admin, '/api/v1/stock-documents', {
		branchId: branch.id,
		kind: 'receipt',
		note: 'e2e',
		moves: [
			{
				warehouseId: stores.main.id,
				productId: compressor.id,
				quantity: 5,
				unitCostRials: '60000000'
			},
			{ warehouseId: stores.main.id, productId: valve.id, quantity: 5, unitCostRials: '8000000' }
		]
	});
	await post(request, admin, `/api/v1/stock-documents/${receipt.id}/post`, {});
	const priority = await post<{ id: number }>(request, admin, '/api/v1/priorities', {
		code: `NM-${tag}`,
		nameFa: `عادی ${tag}`,
		nameEn: `Normal ${tag}`,
		slaResponseMinutes: 60,
		slaResolutionMinutes: 960
	});
	const roles = await roleIds(request, admin);
	const staff = async (role: string, branchId: number | null) => {
		const username = uniqueName(`sm.${role}.`);
		const user = await post<{ id: number }>(request, admin, '/api/v1/users', {
			username,
			displayName: `${role} ${tag}`,
			password: USER_PASSWORD,
			locale: 'fa',
			roleIds: [roles.get(role)],
			branchId
		});
		return { username, id: user.id, token: await apiToken(request, username, USER_PASSWORD) };
	};
	const reception = await staff('reception', branch.id);
	const dispatcher = await staff('dispatcher', branch.id);
	const technician = await staff('technician', branch.id);
	const accountant = await staff('accountant', null);
	const supervisor = await staff('supervisor', null);
	const customerName = `نرگس امیری ${tag}`;
	const request_ = await post<{ id: number; formNumber: string }>(
		request,
		reception.token,
		'/api/v1/service-requests',
		{
			by: 'product_serial',
			key: `SN-M-${tag}`,
			productId: fridge.id,
			customerName,
			customerMobile: `0935${String(Date.now()).slice(-7)}`,
			complaint: 'یخچال سرد نمی‌کند'
		}
	);
	await post(request, dispatcher.token, '/api/v1/service-orders', {
		requestId: request_.id,
		technicianId: technician.id,
		priorityId: priority.id
	});
	const estimate = await post<{ id: number }>(request, technician.token, '/api/v1/estimates', {
		requestId: request_.id,
		// Prices default to the parts' catalogue prices.
		lines: [
			{ kind: 'part', productId: compressor.id, quantity: 1 },
			{ kind: 'part', productId: valve.id, quantity: 1 }
		]
	});
	await post(request, reception.token, `/api/v1/estimates/${estimate.id}/answer`, {
		decision: 'approve',
		via: 'staff'
	});
	return {
		tag,
		formNumber: request_.formNumber,
		requestId: request_.id,
		customerName,
		accountant: accountant.username,
		supervisor: supervisor.username
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
