// Corrections in the browser, in Persian: an accountant credits one line of a paid invoice (more
// than was sold is refused), sees the refund owed on the credit note, prints it, finds the
// invoice's net figures and credited state and pays the refund back; an administrator returns the month's scrap in one
// step (a second run finds nothing left). Setup through the API; every page passes axe in both
// languages.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { toJalali } from '#lib/domain/jalali';
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

function amount(text: string | null): bigint {
	const digits = normalizeDigits(text ?? '').replace(/[^\d-]/g, '');
	return digits ? BigInt(digits) : 0n;
}

interface Setup {
	invoiceId: number;
	invoiceNumber: string;
	accountant: string;
	scrapStoreId: number;
}

/**
 * A branch with stock, and a paid invoice for a compressor (85,000,000) and a valve
 * (12,500,005): VAT 10 % = 9,750,001, total 107,250,006, paid in full; one scrap part received.
 */
async function setUp(request: APIRequestContext): Promise<Setup> {
	const admin = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-7);
	const branch = await post<{ id: number }>(request, admin, '/api/v1/branches', {
		code: `CN-${tag}`,
		nameFa: `شعبهٔ برگشت ${tag}`,
		nameEn: `Credit ${tag}`,
		weeklyHours: OPEN_ALL_WEEK
	});
	const stores = await post<{ main: { id: number }; scrap: { id: number } }>(
		request,
		admin,
		'/api/v1/warehouses',
		{ branchId: branch.id }
	);
	const fridge = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `RFC-${tag}`,
		nameFa: 'یخچال دوقلو',
		nameEn: 'Twin fridge',
		priceRials: 400_000_000
	});
	const compressor = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `CMPC-${tag}`,
		nameFa: 'کمپرسور اینورتر',
		nameEn: 'Inverter compressor',
		isPart: true,
		priceRials: 85_000_000
	});
	const valve = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `VLC-${tag}`,
		nameFa: 'شیر انبساط',
		nameEn: 'Expansion valve',
		isPart: true,
		priceRials: 12_500_005
	});
	const receipt = await post<{ id: number }>(request, admin, '/api/v1/stock-documents', {
		branchId: branch.id,
		kind: 'receipt',
		moves: [
			{
				warehouseId: stores.main.id,
				productId: compressor.id,
				quantity: 2,
				unitCostRials: '60000000'
			},
			{ warehouseId: stores.main.id, productId: valve.id, quantity: 2, unitCostRials: '8000000' }
		]
	});
	await post(request, admin, `/api/v1/stock-documents/${receipt.id}/post`, {});
	const scrap = await post<{ id: number }>(request, admin, '/api/v1/stock-documents', {
		branchId: branch.id,
		kind: 'scrap_receipt',
		moves: [
			{
				warehouseId: stores.scrap.id,
				productId: compressor.id,
				quantity: 1,
				serial: `SCR-${tag}`,
				unitCostRials: '1000000'
			}
		]
	});
	await post(request, admin, `/api/v1/stock-documents/${scrap.id}/post`, {});
	const priority = await post<{ id: number }>(request, admin, '/api/v1/priorities', {
		code: `NC-${tag}`,
		nameFa: `عادی ${tag}`,
		nameEn: `Normal ${tag}`,
		slaResponseMinutes: 60,
		slaResolutionMinutes: 960
	});
	const roles = await roleIds(request, admin);
	const staff = async (role: string, branchId: number | null) => {
		const username = uniqueName(`cn.${role}.`);
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
	const request_ = await post<{ id: number }>(
		request,
		reception.token,
		'/api/v1/service-requests',
		{
			by: 'product_serial',
			key: `SN-C-${tag}`,
			productId: fridge.id,
			customerName: `سارا نوری ${tag}`,
			customerMobile: `0936${String(Date.now()).slice(-7)}`,
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
		lines: [
			{ kind: 'part', productId: compressor.id, quantity: 1 },
			{ kind: 'part', productId: valve.id, quantity: 1 }
		]
	});
	await post(request, reception.token, `/api/v1/estimates/${estimate.id}/answer`, {
		decision: 'approve',
		via: 'staff'
	});
	const invoice = await post<{ id: number; number: string; totalRials: string }>(
		request,
		accountant.token,
		'/api/v1/invoices',
		{ estimateId: estimate.id }
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
