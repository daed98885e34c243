// Reception counters end to end, in Persian: a customer takes a queue ticket at the branch's
// kiosk (a public link), a counter clerk calls the next ticket, and the wall board and the
// waiting-room screen (a board link) show the number live, without a reload.
import { expect, test, type APIRequestContext } from '@playwright/test';
import {
	ADMIN,
	USER_PASSWORD,
	apiToken,
	bearer,
	expectAccessibleInBothLanguages,
	msg,
	roleIds,
	gotoReady,
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

test('a kiosk ticket is called at a counter and shown live on the board and the waiting room', async ({
	browser,
	request
}) => {
	// Four screens, each checked with axe in both languages, on a 2-core machine.
	test.setTimeout(420_000);
	const adminToken = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-6);
	const branchName = `شعبهٔ باجه ${tag}`;
	const branch = await post<{ id: number }>(request, adminToken, '/api/v1/branches', {
		code: `Q-${tag}`,
		nameFa: branchName,
		nameEn: `Counters ${tag}`
	});
	const counterName = `باجهٔ یک ${tag}`;
	const counter = await post<{ id: number }>(request, adminToken, '/api/v1/counters', {
		branchId: branch.id,
		code: '1',
		name: counterName
	});
	const roles = await roleIds(request, adminToken);
	const clerk = uniqueName('q.reception.');
	await post(request, adminToken, '/api/v1/users', {
		username: clerk,
		displayName: `پذیرش ${tag}`,
		password: USER_PASSWORD,
		locale: 'fa',
		roleIds: [roles.get('reception')],
		branchId: branch.id
	});

	// The administrator makes a board link and a kiosk link for the branch.
	const admin = await browser.newPage();
	await signIn(admin, ADMIN.username, ADMIN.password);
	await gotoReady(admin, '/admin/boards');
	await admin.getByLabel(fa('boards.admin.name')).fill(`سالن ${tag}`);
	await admin.getByLabel(fa('boards.admin.branch')).selectOption(String(branch.id));
	await admin.getByRole('button', { name: fa('boards.admin.create') }).click();
	const boardLink = await admin.locator('#board-link').inputValue();
	expect(boardLink).toMatch(/\/board\/[a-z0-9]+$/);
	await gotoReady(admin, '/counters/kiosks');
	await expectAccessibleInBothLanguages(admin);
	await admin.getByLabel(fa('common.name')).fill(`ورودی ${tag}`);
	await admin.getByLabel(fa('common.branch')).selectOption(String(branch.id));
	await admin.getByRole('button', { name: fa('common.create') }).click();
	const kioskLink = await admin.locator('#kiosk-link').inputValue();
	expect(kioskLink).toMatch(/\/kiosk\/[a-z0-9]+$/);
	await admin.close();

	// Screens: the wall board and the waiting room, opened with the board link (no account).
	const screens = await browser.newContext();
	const wall = await screens.newPage();
	await wall.goto(boardLink);
	await expect(wall.locator('.board-wall')).toHaveAttribute('data-link', 'online');
	const waiting = await screens.newPage();
	await waiting.goto(`${boardLink}/waiting`);
	await expect(waiting.locator('.waiting')).toHaveAttribute('data-link', 'online');
	await expect(waiting.getByTestId(`waiting-counter-${counter.id}`)).toHaveText(fa('common.none'));

	// A customer takes a ticket at the kiosk.
	const kioskContext = await browser.newContext();
	const kiosk = await kioskContext.newPage();
	await kiosk.goto(kioskLink);
	await expect(
		kiosk.getByRole('heading', { name: fa('queue.kiosk.welcome', { branch: branchName }) })
	).toBeVisible();
	await expectAccessibleInBothLanguages(kiosk);
	await kiosk.getByRole('button', { name: fa('queue.purpose.reception') }).click();
	await expect(kiosk.getByTestId('kiosk-ticket')).toHaveText('A001');

	// The clerk calls the next ticket to their counter.
	const clerkPage = await browser.newPage();
	await signIn(clerkPage, clerk, USER_PASSWORD);
	await gotoReady(clerkPage, '/counters');
	await expect(clerkPage.getByRole('cell', { name: 'A001' })).toBeVisible();
	await expectAccessibleInBothLanguages(clerkPage);
	await clerkPage.getByRole('button', { name: fa('queue.action.next') }).click();
	await expect(clerkPage.getByTestId('current-ticket')).toHaveText('A001');

	// Both screens show it live.
	await expect(waiting.getByTestId('waiting-latest')).toHaveText('A001');
	await expect(waiting.getByTestId(`waiting-counter-${counter.id}`)).toHaveText('A001');
	await expect(
		wall.getByRole('region', { name: fa('boards.counters.title') }).getByText('A001')
	).toBeVisible();
	await expectAccessibleInBothLanguages(waiting);

	// Served and finished: the counter is free again on the screens.
	await clerkPage.getByRole('button', { name: fa('queue.action.start') }).click();
	await clerkPage.getByRole('button', { name: fa('queue.action.done') }).click();
	await expect(clerkPage.getByText(fa('queue.console.free'))).toBeVisible();
	await expect(waiting.getByTestId(`waiting-counter-${counter.id}`)).toHaveText(fa('common.none'));

	// The status report shows the counter's tickets and times, in Persian digits.
	const manager = await browser.newPage();
	await signIn(manager, ADMIN.username, ADMIN.password);
	await manager.goto(`/reports/status?branchId=${branch.id}`);
	const times = manager.getByTestId('report-table-counters');
	await expect(times.getByRole('heading', { name: fa('queue.report.title') })).toBeVisible();
	const row = times.getByRole('row', { name: new RegExp(counterName) });
	// Branch, called, served, no-shows, then the minutes.
	await expect(row.getByRole('cell').nth(0)).toHaveText(branchName);
	await expect(row.getByRole('cell').nth(1)).toHaveText('۱');
	await expect(row.getByRole('cell').nth(2)).toHaveText('۱');
	await expect(row.getByRole('cell').nth(3)).toHaveText('۰');
	await expectAccessibleInBothLanguages(manager);
	await manager.close();

	await screens.close();
	await kioskContext.close();
	await clerkPage.close();
});
