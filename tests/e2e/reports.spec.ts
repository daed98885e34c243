// A report in Persian with a chart, clicked through to the matching search: a request received
// and dispatched in a branch of its own (through the API, as the administrator), then the status
// report of that branch — figures in Persian digits, the ageing chart drawn — and a click on the
// chart's bar opens /search/requests filtered to that status, listing the request.
import { expect, test, type APIRequestContext } from '@playwright/test';
import {
	ADMIN,
	USER_PASSWORD,
	apiToken,
	bearer,
	expectAccessibleInBothLanguages,
	expectDocumentLocale,
	msg,
	roleIds,
	signIn,
	uniqueName,
	useLocale
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

/** A branch with one request awaiting cost (its order issued to a technician). */
async function seed(request: APIRequestContext) {
	const token = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-7);
	const branch = await post<{ id: number }>(request, token, '/api/v1/branches', {
		code: `RP-${tag}`,
		nameFa: `شعبهٔ گزارش ${tag}`,
		nameEn: `Reports ${tag}`,
		weeklyHours: OPEN_ALL_WEEK
	});
	const productCode = `WM-${tag}`;
	await post(request, token, '/api/v1/products', {
		code: productCode,
		nameFa: 'ماشین لباسشویی',
		nameEn: 'Washing machine',
		priceRials: 300_000_000
	});
	const priority = await post<{ id: number }>(request, token, '/api/v1/priorities', {
		code: `RP-${tag}`,
		nameFa: `فوری ${tag}`,
		nameEn: `Urgent ${tag}`,
		slaResponseMinutes: 30,
		slaResolutionMinutes: 480
	});
	const warrantyType = await post<{ id: number }>(request, token, '/api/v1/warranty-types', {
		code: `W12-${tag}`,
		nameFa: 'گارانتی ۱۲ ماهه',
		nameEn: '12-month warranty',
		months: 12,
		days: 0,
		startRule: 'sale',
		coverage: 'both'
	});
	const customer = { name: 'مریم کاظمی', mobile: `0935${String(Date.now()).slice(-7)}` };
	await post(request, token, '/api/v1/customers', customer);
	const roles = await roleIds(request, token);
	const technician = await post<{ id: number }>(request, token, '/api/v1/users', {
		username: uniqueName('rp.tech.'),
		displayName: `سرویس‌کار گزارش ${tag}`,
		password: USER_PASSWORD,
		locale: 'fa',
		roleIds: [roles.get('technician')],
		branchId: branch.id
	});
	const serial = `W-${tag}-1`;
	await post(request, token, '/api/v1/warranties', {
		serial,
		typeId: warrantyType.id,
		productCode,
		productSerial: `SN-${tag}-1`,
		customerMobile: customer.mobile,
		saleDate: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10)
	});
	const received = await post<{ id: number; formNumber: string; version: number }>(
		request,
		token,
		'/api/v1/service-requests',
		{ by: 'warranty_serial', key: serial, branchId: branch.id, complaint: 'آب تخلیه نمی‌کند' }
	);
	await post(request, token, '/api/v1/service-orders', {
		requestId: received.id,
		technicianId: technician.id,
		priorityId: priority.id,
		version: received.version
	});
	return { branchId: branch.id, formNumber: received.formNumber };
}

test('the status report in Persian draws its chart, and a bar opens the matching search', async ({
	page,
	request
}) => {
	test.setTimeout(240_000);
	const world = await seed(request);
	await signIn(page, ADMIN.username, ADMIN.password);
	await useLocale(page, 'fa');
	await page.getByRole('link', { name: fa('nav.reports') }).click();
	await expect(page.getByRole('heading', { level: 1, name: fa('reports.title') })).toBeVisible();
	await page.getByRole('link', { name: fa('reports.status.title') }).click();
	await page.waitForURL(/\/reports\/status/);
	await page.getByLabel(fa('search.param.branchId')).selectOption(String(world.branchId));
	await page.getByRole('button', { name: fa('reports.apply') }).click();
	await page.waitForURL(new RegExp(`branchId=${world.branchId}`));
	await expectDocumentLocale(page, 'fa');
	await expect(
		page.getByRole('heading', { level: 1, name: fa('reports.status.title') })
	).toBeVisible();
	// One open request in this branch, in Persian digits; the period in Jalali.
	await expect(page.getByTestId('figure-0')).toHaveText('۱');
	await expect(page.getByTestId('report-period')).toContainText('۱۴');
	const statuses = page.getByTestId('report-table-statuses');
	await expect(statuses.getByRole('row', { name: /در انتظار هزینه/ })).toBeVisible();

	const chart = page.getByTestId('report-chart-ageing').locator('canvas');
	await expect(chart).toHaveAttribute('data-points', /status=awaiting_cost/);
	await expectAccessibleInBothLanguages(page);
	await expect(chart).toHaveAttribute('data-points', /status=awaiting_cost/);
	const points = JSON.parse((await chart.getAttribute('data-points'))!) as {
		x: number;
		y: number;
		link: string;
	}[];
	expect(points.length).toBeGreaterThan(0);
	await chart.click({ position: { x: points[0]!.x, y: points[0]!.y } });
	await page.waitForURL(/\/search\/requests\?/);
	const url = new URL(page.url());
	expect(url.searchParams.get('status')).toBe('awaiting_cost');
	expect(url.searchParams.get('branchId')).toBe(String(world.branchId));
	await expect(page.getByRole('link', { name: world.formNumber })).toBeVisible();
});
