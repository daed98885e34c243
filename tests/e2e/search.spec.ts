// Search in the browser: requests found by a customer name typed with Arabic ي/ك, by the last
// digits of a serial and by a mobile typed in Persian digits; filters combined (branch, status,
// reception date), facets, sorting, pages, a saved search, the CSV export of every page, the
// orders and work-log searches, and the same in English. Every page visited passes axe in both
// languages. The requests, orders and work logs are created through the API first.
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { formatJalaliDate } from '#lib/domain/jalali';
import {
	USER_PASSWORD,
	apiToken,
	bearer,
	createUserWithRole,
	expectAccessibleInBothLanguages,
	msg,
	roleIds,
	signIn,
	switchLanguage,
	uniqueName,
	type CreatedUser
} from './support';

type Key = Parameters<typeof msg>[1];
const fa = (key: Key, params?: Record<string, string | number>) => msg('fa', key, params);
const en = (key: Key, params?: Record<string, string | number>) => msg('en', key, params);

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const toPersian = (s: string) => s.replace(/\d/g, (d) => PERSIAN[Number(d)]!);

// Open every day, all day: due times do not depend on when the suite runs.
const OPEN_ALL_WEEK = Object.fromEntries(
	['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [[0, 1440]]])
);

async function call<T>(
	request: APIRequestContext,
	token: string,
	method: 'GET' | 'POST',
	path: string,
	data?: unknown
): Promise<T> {
	const response = await request.fetch(path, { method, headers: bearer(token), data });
	expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
	return (await response.json()) as T;
}

interface Received {
	id: number;
	formNumber: string;
	version: number;
}

interface World {
	tag: string;
	branch: { id: number; nameFa: string };
	/** Customer typed with Persian ی/ک; searched with Arabic ي/ك. */
	karim: { name: string; mobile: string };
	mahdi: { name: string; mobile: string };
	serials: string[];
	requests: Received[];
}

/**
 * A branch, a product, a warranty type, two customers and three warranty repairs; the first goes
 * on to an order, a no-charge diagnosis and a work log by the technician.
 */
async function buildWorld(request: APIRequestContext, admin: CreatedUser): Promise<World> {
	const token = await apiToken(request, admin.username, admin.password);
	const tag = uniqueName('').toUpperCase().slice(-6);
	const digits = `${Date.now()}`.slice(-7);
	const post = <T>(path: string, data: unknown) => call<T>(request, token, 'POST', path, data);
	const branchName = `شعبهٔ جستجو ${tag}`;
	const branch = await post<{ id: number }>('/api/v1/branches', {
		code: `SR-${tag}`,
		nameFa: branchName,
		nameEn: `Search ${tag}`,
		weeklyHours: OPEN_ALL_WEEK
	});
	const product = await post<{ id: number }>('/api/v1/products', {
		code: `WM-${tag}`,
		nameFa: 'ماشین لباسشویی',
		nameEn: 'Washing machine',
		priceRials: 250_000_000
	});
	const part = await post<{ id: number }>('/api/v1/products', {
		code: `PCB-${tag}`,
		nameFa: `برد کنترل ${tag}`,
		nameEn: `Control board ${tag}`,
		isPart: true,
		priceRials: 20_000_000
	});
	await post(`/api/v1/products/${product.id}/bom`, { partId: part.id, quantity: 1 });
	const priority = await post<{ id: number }>('/api/v1/priorities', {
		code: `S-${tag}`,
		nameFa: `عادی ${tag}`,
		nameEn: `Normal ${tag}`,
		slaResponseMinutes: 60,
		slaResolutionMinutes: 960
	});
	const type = await post<{ id: number }>('/api/v1/warranty-types', {
		code: `W12-${tag}`,
		nameFa: 'گارانتی ۱۲ ماهه',
		nameEn: '12-month warranty',
		months: 12,
		days: 0,
		startRule: 'sale',
		coverage: 'both'
	});
	const karim = { name: `کریم یکتا ${tag}`, mobile: `0912${digits}` };
	const mahdi = { name: `مهدی کاظمی ${tag}`, mobile: `0935${digits}` };
	await post('/api/v1/customers', karim);
	await post('/api/v1/customers', mahdi);
	const saleDate = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
	const serials = [1, 2, 3].map((n) => `KH-${digits}${n}${n}`);
	const requests: Received[] = [];
	for (const [i, serial] of serials.entries()) {
		const owner = i === 0 ? karim : mahdi;
		await post('/api/v1/warranties', {
			serial: `W-${tag}-${i + 1}`,
			typeId: type.id,
			productCode: `WM-${tag}`,
			productSerial: serial,
			customerMobile: owner.mobile,
			saleDate
		});
		requests.push(
			await post<Received>('/api/v1/service-requests', {
				by: 'warranty_serial',
				key: `W-${tag}-${i + 1}`,
				branchId: branch.id,
				delivererName: i === 0 ? 'علی رضایی' : 'سارا احمدی',
				complaint: i === 0 ? 'آب را تخلیه نمی‌کند' : 'صدای زیاد هنگام خشک‌کن'
			})
		);
	}

	// The first request goes on: an order to the technician, no charge, repair, a work log.
	const roles = await roleIds(request, token);
	const technician = {
		username: uniqueName('sr.technician.'),
		displayName: `سرویس‌کار جستجو ${tag}`
	};
	const tech = await post<{ id: number }>('/api/v1/users', {
		...technician,
		password: USER_PASSWORD,
		locale: 'fa',
		roleIds: [roles.get('technician')],
		branchId: branch.id
	});
	const first = requests[0]!;
	await post('/api/v1/service-orders', {
		requestId: first.id,
		technicianId: tech.id,
		priorityId: priority.id,
		version: first.version
	});
	await post('/api/v1/estimates', { requestId: first.id, noCharge: true });
	const techToken = await apiToken(request, technician.username, USER_PASSWORD);
	const current = await call<{ request: { version: number } }>(
		request,
		techToken,
		'GET',
		`/api/v1/service-requests/${first.id}`
	);
	await call(request, techToken, 'POST', `/api/v1/service-requests/${first.id}/transitions`, {
		to: 'awaiting_repair',
		version: current.request.version
	});
	await call(request, techToken, 'POST', '/api/v1/work-logs', {
		requestId: first.id,
		durationMinutes: 35,
		description: 'پمپ تخلیه تمیز و برد کنترل تعویض شد',
		parts: [{ productId: part.id, quantity: 1 }]
	});
	return { tag, branch: { id: branch.id, nameFa: branchName }, karim, mahdi, serials, requests };
}

const results = (page: Page) => page.getByTestId('search-results');
const resultLink = (page: Page, formNumber: string) =>
	results(page).getByRole('link', { name: formNumber });
const filters = (page: Page) => page.getByRole('search', { name: fa('search.filters') });
const count = (page: Page, n: number) =>
	expect(page.getByTestId('search-count')).toHaveText(
		fa('search.count', { count: toPersian(String(n)) })
	);

test.describe.configure({ mode: 'serial' });

test('requests, orders and work logs are found the way Iranians type, filtered, paged, saved and exported', async ({
	page,
	request
}) => {
	test.setTimeout(600_000);
	// An administrator of its own, so language switches here never reach the other specs.
	const admin = await createUserWithRole(request, 'admin');
	const world = await buildWorld(request, admin);
	const [r1, r2, r3] = world.requests as [Received, Received, Received];
	await signIn(page, admin.username, admin.password);

	// The search link leads to the request search.
	await page
		.getByRole('navigation', { name: fa('nav.main') })
		.getByRole('link', { name: fa('nav.search'), exact: true })
		.click();
	await page.waitForURL(/\/search\/requests/);
	await expectAccessibleInBothLanguages(page);

	// The customer's name typed with Arabic yeh and kaf finds the request written with Persian ones.
	const q = filters(page).getByLabel(fa('search.q'));
	await q.fill(`كريم يكتا ${world.tag}`);
	await expect(resultLink(page, r1.formNumber)).toBeVisible();
	await count(page, 1);
	await expect(page).toHaveURL(/[?&]q=/);

	// The last six digits of a product serial, in Persian digits.
	await q.fill(toPersian(world.serials[1]!.slice(-6)));
	await expect(resultLink(page, r2.formNumber)).toBeVisible();
	await count(page, 1);

	// A mobile in another form (Persian digits, spaces) finds the customer's two requests.
	const m = world.mahdi.mobile;
	await q.fill(toPersian(`${m.slice(0, 4)} ${m.slice(4, 7)} ${m.slice(7)}`));
	await expect(resultLink(page, r2.formNumber)).toBeVisible();
	await expect(resultLink(page, r3.formNumber)).toBeVisible();
	await count(page, 2);
	await expectAccessibleInBothLanguages(page);

	// Clear, then combine filters: the branch, reception from today (Jalali), and a status.
	await page.getByTestId('clear-filters').click();
	await expect(filters(page).getByLabel(fa('search.q'))).toHaveValue('');
	await filters(page)
		.getByLabel(fa('search.param.branchId'), { exact: true })
		.selectOption({ label: world.branch.nameFa });
	await count(page, 3);
	await expect(page.getByTestId('facet-awaiting_assignment')).toHaveText('۲');
	const received = filters(page).getByRole('group', { name: fa('search.param.received') });
	await received
		.getByLabel(fa('search.date.from'), { exact: true })
		.fill(formatJalaliDate(new Date(), { digits: 'fa' }));
	await filters(page)
		.getByRole('button', { name: fa('search.apply') })
		.click();
	await expect(page).toHaveURL(/receivedFrom=/);
	await count(page, 3);
	await filters(page)
		.getByRole('checkbox', { name: fa('service.status.awaiting_assignment') })
		.check();
	await count(page, 2);
	await expect(resultLink(page, r1.formNumber)).toHaveCount(0);
	await expectAccessibleInBothLanguages(page);

	// The state is in the URL: a reload shows the same search.
	const bookmarked = page.url();
	expect(bookmarked).toMatch(/status=awaiting_assignment/);
	await page.reload();
	await count(page, 2);
	await expect(
		filters(page).getByRole('checkbox', { name: fa('service.status.awaiting_assignment') })
	).toBeChecked();

	// Sorted by form number, ascending: the older request first.
	await results(page)
		.getByRole('link', { name: fa('search.sortBy', { column: fa('search.col.formNumber') }) })
		.click();
	await expect(page).toHaveURL(/sort=form/);
	await expect(results(page).getByRole('row').nth(1)).toContainText(r2.formNumber);
	await expect(results(page).getByRole('row').nth(2)).toContainText(r3.formNumber);

	// Saved under a name, then opened again from the list after clearing.
	const saved = page.getByRole('region', { name: fa('search.saved') });
	const savedName = `منتظر تخصیص ${world.tag}`;
	await saved.getByLabel(fa('search.saveName')).fill(savedName);
	await saved.getByRole('button', { name: fa('search.save') }).click();
	await expect(saved.getByRole('status')).toHaveText(fa('search.savedOk'));
	await page.getByTestId('clear-filters').click();
	await expect(page).toHaveURL(/\/search\/requests$/);
	await saved.getByRole('link', { name: savedName }).click();
	await expect(page).toHaveURL(/status=awaiting_assignment/);
	await count(page, 2);
	await expectAccessibleInBothLanguages(page);

	// The export holds every page of the current result, with Persian headers.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-csv').click()
	]);
	const csv = (await readFile(await download.path())).toString('utf8');
	expect(csv).toContain(fa('search.col.formNumber'));
	expect(csv).toContain(r2.formNumber);
	expect(csv).toContain(r3.formNumber);
	expect(csv).not.toContain(r1.formNumber);

	// Pages: one request a page over the branch's three requests.
	await page.goto(`/search/requests?branchId=${world.branch.id}&limit=1`);
	await count(page, 3);
	await expect(results(page).getByRole('row')).toHaveCount(2);
	const firstOnPage = await results(page).getByRole('row').nth(1).textContent();
	await page.getByTestId('next-page').click();
	await expect(page).toHaveURL(/cursor=/);
	await expect(results(page).getByRole('row').nth(1)).not.toHaveText(firstOnPage!);
	await expect(
		page
			.getByRole('navigation', { name: fa('search.pages') })
			.getByRole('link', { name: fa('search.firstPage') })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// Orders: the one order, found by its request's form number.
	await page
		.getByRole('navigation', { name: fa('search.kinds') })
		.getByRole('link', { name: fa('search.kind.orders') })
		.click();
	await page.waitForURL(/\/search\/orders/);
	await filters(page).getByLabel(fa('search.q')).fill(r1.formNumber);
	await expect(resultLink(page, r1.formNumber)).toBeVisible();
	await count(page, 1);
	await expectAccessibleInBothLanguages(page);

	// Work logs: found by the part used, and by the customer typed with Arabic letters.
	await page
		.getByRole('navigation', { name: fa('search.kinds') })
		.getByRole('link', { name: fa('search.kind.work-logs') })
		.click();
	await page.waitForURL(/\/search\/work-logs/);
	await filters(page)
		.getByLabel(fa('search.param.partName'), { exact: true })
		.fill(`برد كنترل ${world.tag}`);
	await filters(page)
		.getByRole('button', { name: fa('search.apply') })
		.click();
	await expect(resultLink(page, r1.formNumber)).toBeVisible();
	await count(page, 1);
	await expectAccessibleInBothLanguages(page);

	// In English: the same search page, English labels, a mobile in international form.
	await page.goto('/search/requests');
	await switchLanguage(page);
	const english = page.getByRole('search', { name: en('search.filters') });
	await english.getByLabel(en('search.q')).fill(`+98 ${world.karim.mobile.slice(1)}`);
	await expect(resultLink(page, r1.formNumber)).toBeVisible();
	await expect(page.getByTestId('search-count')).toHaveText(en('search.count', { count: '1' }));
	await expect(
		results(page).getByRole('columnheader', { name: en('search.col.customer') })
	).toBeVisible();
	await switchLanguage(page);
});
