// The agents' portal end to end, in Persian: an agency user sends a bulk list of three units,
// checks it, records it, gets the printable dispatch list with its list number, and finds the
// list and its requests in the portal; another agency's user sees none of it.
import { expect, test, type APIRequestContext } from '@playwright/test';
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

async function post<T>(request: APIRequestContext, token: string, path: string, data: unknown) {
	const response = await request.post(path, { headers: bearer(token), data });
	expect(response.status(), `POST ${path}: ${await response.text()}`).toBeLessThan(300);
	return (await response.json()) as T;
}

test('an agent sends a bulk list and sees it; another agency does not', async ({
	page,
	browser,
	request
}) => {
	// Several pages, each checked with axe in both languages, on a 2-core machine.
	test.setTimeout(420_000);
	const adminToken = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-6);
	const branch = await post<{ id: number }>(request, adminToken, '/api/v1/branches', {
		code: `P-${tag}`,
		nameFa: `شعبهٔ نمایندگی ${tag}`,
		nameEn: `Portal ${tag}`
	});
	const agency = await post<{ id: number }>(request, adminToken, '/api/v1/agencies', {
		code: `AG-${tag}`,
		name: `نمایندگی پارس ${tag}`,
		branchId: branch.id
	});
	const other = await post<{ id: number }>(request, adminToken, '/api/v1/agencies', {
		code: `AGX-${tag}`,
		name: `نمایندگی دیگر ${tag}`,
		branchId: branch.id
	});
	const roles = await roleIds(request, adminToken);
	const agent = async (agencyId: number) => {
		const username = uniqueName('p.agent.');
		await post(request, adminToken, '/api/v1/users', {
			username,
			displayName: `نماینده ${tag}`,
			password: USER_PASSWORD,
			locale: 'fa',
			roleIds: [roles.get('agent')],
			branchId: branch.id,
			agencyId
		});
		return username;
	};
	const agentA = await agent(agency.id);
	const agentB = await agent(other.id);
	const product = await post<{ id: number }>(request, adminToken, '/api/v1/products', {
		code: `TV-${tag}`,
		nameFa: 'تلویزیون ۵۵ اینچ',
		nameEn: '55-inch TV',
		priceRials: 300_000_000
	});
	const serials = [1, 2, 3].map((n) => `SN-${tag}-${n}`);
	for (const serial of serials)
		await post(request, adminToken, '/api/v1/units', { productId: product.id, serial });

	await signIn(page, agentA, USER_PASSWORD);
	const portalNav = page.getByRole('navigation', { name: fa('portal.nav.label') });
	await page.goto('/portal');
	await expect(page.getByRole('heading', { name: fa('portal.title') })).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	await portalNav.getByRole('link', { name: fa('portal.nav.bulk') }).click();
	await expectAccessibleInBothLanguages(page);
	await page
		.getByLabel(fa('portal.bulk.lines'))
		.fill(serials.map((s) => `${s}, TV-${tag}`).join('\n'));
	await page.getByLabel(fa('portal.bulk.complaint')).fill('تصویر ندارد');
	await page.getByLabel(fa('portal.new.deliverer')).fill('پیک نمایندگی');
	await page.getByRole('button', { name: fa('portal.bulk.check') }).click();
	await expect(
		page.getByRole('heading', { name: fa('portal.bulk.ok', { count: 3 }) })
	).toBeVisible();
	// (The checked preview is a form result: switching language would reload it away, so the
	// page is checked with axe before, on the portal's other pages.)
	await page.getByRole('button', { name: fa('portal.bulk.create', { count: 3 }) }).click();

	// The printable dispatch list with its list number and the three units.
	await page.waitForURL(/\/portal\/lists\/\d+\?created=1$/);
	const listNumber = (await page.getByTestId('list-number').textContent())!.trim();
	const listUrl = new URL(page.url()).pathname;
	expect(listNumber).toMatch(/^P-.+-\d{4}-L\d{4}$/);
	const lines = page.getByTestId('dispatch-lines').locator('tbody tr');
	await expect(lines).toHaveCount(3);
	for (const serial of serials)
		await expect(page.getByRole('cell', { name: serial })).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// The list and its requests are in the portal.
	await portalNav.getByRole('link', { name: fa('portal.nav.lists') }).click();
	await expect(page.getByRole('link', { name: listNumber })).toBeVisible();
	await portalNav.getByRole('link', { name: fa('portal.nav.requests') }).click();
	await expect(page.getByTestId('portal-requests').locator('tbody tr')).toHaveCount(3);
	await expect(page.getByRole('link', { name: listNumber }).first()).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// Another agency sees nothing of it, in the pages or the API.
	const otherPage = await browser.newPage();
	await signIn(otherPage, agentB, USER_PASSWORD);
	await otherPage.goto('/portal/lists');
	await expect(otherPage.getByText(fa('portal.lists.none'))).toBeVisible();
	const foreign = await otherPage.goto(listUrl);
	expect(foreign?.status()).toBe(404);
	const tokenB = await apiToken(request, agentB, USER_PASSWORD);
	const lists = await request.get('/api/v1/portal/lists', { headers: bearer(tokenB) });
	expect(await lists.json()).toEqual([]);
	await otherPage.close();
});
