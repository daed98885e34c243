// The service path in the browser, in Persian: reception by warranty serial, dispatch, estimate,
// the customer's approval, work with a part, a QC rejection and rework, approval, delivery — and
// the request's timeline showing all of it; then a replacement. Every page visited passes axe
// in both languages. Master data and staff are created through the API as the administrator.
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import {
	ADMIN,
	USER_PASSWORD,
	apiToken,
	bearer,
	expectAccessibleInBothLanguages,
	expectDocumentLocale,
	expectNoSeriousA11yViolations,
	msg,
	roleIds,
	signIn,
	uniqueName
} from './support';

const fa = (key: Parameters<typeof msg>[1], params?: Record<string, string | number>) =>
	msg('fa', key, params);

// Open every day, all day: due times do not depend on when the suite runs.
const OPEN_ALL_WEEK = Object.fromEntries(
	['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [[0, 1440]]])
);

interface Staff {
	username: string;
	displayName: string;
	id: number;
}

interface World {
	adminToken: string;
	tag: string;
	branchId: number;
	product: { code: string; nameFa: string };
	part: { code: string; nameFa: string };
	priority: { id: number; nameFa: string };
	warrantyTypeId: number;
	customer: { name: string; mobile: string };
	staff: Record<'reception' | 'dispatcher' | 'technician' | 'qc' | 'supervisor', Staff>;
}

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

/** A branch, a fridge with a compressor on its BOM, a priority, a warranty type, a customer and staff. */
async function buildWorld(request: APIRequestContext): Promise<World> {
	const adminToken = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-7);
	const branch = await post<{ id: number }>(request, adminToken, '/api/v1/branches', {
		code: `SP-${tag}`,
		nameFa: `شعبهٔ مسیر خدمت ${tag}`,
		nameEn: `Service path ${tag}`,
		weeklyHours: OPEN_ALL_WEEK
	});
	const product = { code: `RF-${tag}`, nameFa: 'یخچال فریزر ساید' };
	const fridge = await post<{ id: number }>(request, adminToken, '/api/v1/products', {
		code: product.code,
		nameFa: product.nameFa,
		nameEn: 'Side-by-side fridge',
		priceRials: 500_000_000
	});
	const part = { code: `CMP-${tag}`, nameFa: 'کمپرسور' };
	const compressor = await post<{ id: number }>(request, adminToken, '/api/v1/products', {
		code: part.code,
		nameFa: part.nameFa,
		nameEn: 'Compressor',
		isPart: true,
		priceRials: 90_000_000
	});
	await post(request, adminToken, `/api/v1/products/${fridge.id}/bom`, {
		partId: compressor.id,
		quantity: 1
	});
	const priorityName = `عادی ${tag}`;
	const priority = await post<{ id: number }>(request, adminToken, '/api/v1/priorities', {
		code: `N-${tag}`,
		nameFa: priorityName,
		nameEn: `Normal ${tag}`,
		slaResponseMinutes: 60,
		slaResolutionMinutes: 960
	});
	const warrantyType = await post<{ id: number }>(request, adminToken, '/api/v1/warranty-types', {
		code: `W18-${tag}`,
		nameFa: 'گارانتی ۱۸ ماهه',
		nameEn: '18-month warranty',
		months: 18,
		days: 0,
		startRule: 'sale',
		coverage: 'both'
	});
	const customer = { name: 'رضا محمدی', mobile: `0912${String(Date.now()).slice(-7)}` };
	await post(request, adminToken, '/api/v1/customers', customer);
	const roles = await roleIds(request, adminToken);
	const staffMember = async (
		role: string,
		displayName: string,
		branchId: number | null
	): Promise<Staff> => {
		const username = uniqueName(`sp.${role}.`);
		const created = await post<{ id: number }>(request, adminToken, '/api/v1/users', {
			username,
			displayName,
			password: USER_PASSWORD,
			locale: 'fa',
			roleIds: [roles.get(role)],
			branchId
		});
		return { username, displayName, id: created.id };
	};
	return {
		adminToken,
		tag,
		branchId: branch.id,
		product,
		part,
		priority: { id: priority.id, nameFa: priorityName },
		warrantyTypeId: warrantyType.id,
		customer,
		staff: {
			reception: await staffMember('reception', `پذیرش ${tag}`, branch.id),
			dispatcher: await staffMember('dispatcher', `تخصیص ${tag}`, branch.id),
			technician: await staffMember('technician', `سرویس‌کار ${tag}`, branch.id),
			qc: await staffMember('qc', `کنترل کیفیت ${tag}`, branch.id),
			supervisor: await staffMember('supervisor', `سرپرست ${tag}`, null)
		}
	};
}

/** Registers a warranty card on a new fridge of the customer, sold a month ago. */
async function newWarranty(
	request: APIRequestContext,
	world: World,
	n: number
): Promise<{ serial: string; productSerial: string }> {
	const serial = `W-${world.tag}-${n}`;
	const productSerial = `SN-${world.tag}-${n}`;
	const saleDate = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
	await post(request, world.adminToken, '/api/v1/warranties', {
		serial,
		typeId: world.warrantyTypeId,
		productCode: world.product.code,
		productSerial,
		customerMobile: world.customer.mobile,
		saleDate
	});
	return { serial, productSerial };
}

/** A signed-in Persian session of one staff member, in its own browser context. */
async function sessionOf(browser: Browser, staff: Staff): Promise<Page> {
	const context = await browser.newContext({ locale: 'fa-IR' });
	const page = await context.newPage();
	await signIn(page, staff.username, USER_PASSWORD);
	await expectDocumentLocale(page, 'fa');
	return page;
}

const statusOf = (page: Page) => page.getByTestId('request-status');
/** A link of the main navigation, found the way a screen reader user finds it. */
const navLink = (page: Page, key: Parameters<typeof msg>[1]) =>
	page
		.getByRole('navigation', { name: fa('nav.main') })
		.getByRole('link', { name: fa(key), exact: true });

test.describe.configure({ mode: 'serial' });

test('a warranty repair goes from reception to delivery, with a QC rework, and the timeline shows every step', async ({
	browser,
	request
}) => {
	// Many pages, each checked by axe in two languages, on a shared CI machine.
	test.setTimeout(600_000);
	const world = await buildWorld(request);
	const { serial } = await newWarranty(request, world, 1);
	const { reception, dispatcher, technician, qc } = world.staff;

	// Reception: find the unit by its warranty serial (typed in Persian digits, lower case).
	const desk = await sessionOf(browser, reception);
	await navLink(desk, 'serviceUi.nav.newRequest').click();
	await desk.waitForURL('/requests/new');
	await expectAccessibleInBothLanguages(desk);
	await expect(desk.getByRole('radio', { name: fa('service.by.warranty_serial') })).toBeChecked();
	const typed = serial.toLowerCase().replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
	await desk.getByRole('textbox', { name: fa('service.by.warranty_serial') }).fill(typed);
	await expect(desk.getByTestId('coverage')).toHaveText(fa('service.coverage.active'));
	await expect(desk.getByText(world.product.nameFa).first()).toBeVisible();
	await expect(desk.getByText(fa('serviceUi.reception.noPastRepairs'))).toBeVisible();
	await expect(
		desk.getByRole('radio', {
			name: fa('serviceUi.reception.useOwner', { name: world.customer.name })
		})
	).toBeChecked();
	await desk.getByLabel(fa('serviceUi.field.delivererName')).fill('علي رضايي');
	await desk.getByLabel(fa('serviceUi.field.complaint')).fill('یخچال خنک نمی‌کند و برفک می‌زند');
	await desk.getByLabel(fa('serviceUi.field.accessories')).fill('سینی یخ، دو طبقهٔ شیشه‌ای');
	await desk.getByLabel(fa('serviceUi.field.condition')).fill('خط‌وخش جزئی روی در');
	// With the lookup shown; checked in Persian only, since switching language reloads the form.
	await expectNoSeriousA11yViolations(desk);
	await desk.getByRole('button', { name: fa('serviceUi.reception.submit') }).click();

	// The reception slip: form number, the QR code, and what was received.
	await desk.waitForURL(/\/requests\/\d+\/slip$/);
	const requestId = Number(/\/requests\/(\d+)\/slip/.exec(desk.url())![1]);
	const formNumber = (await desk.getByTestId('form-number').textContent())!.trim();
	expect(formNumber).toMatch(new RegExp(`^SP-${world.tag}-\\d{4}-\\d{6}$`));
	await expect(
		desk.getByRole('img', { name: fa('serviceUi.slip.qrLabel', { number: formNumber }) })
	).toBeVisible();
	await expect(desk.getByText('سینی یخ، دو طبقهٔ شیشه‌ای')).toBeVisible();
	await expectAccessibleInBothLanguages(desk);

	// The request list shows it waiting for assignment.
	await desk.goto('/requests');
	await expect(desk.getByRole('link', { name: formNumber })).toBeVisible();
	await expectAccessibleInBothLanguages(desk);

	// Dispatch: issue the order to the technician.
	const dispatch = await sessionOf(browser, dispatcher);
	await dispatch.goto(`/requests/${requestId}`);
	await expect(statusOf(dispatch)).toHaveText(fa('service.status.awaiting_assignment'));
	await expectAccessibleInBothLanguages(dispatch);
	await dispatch
		.getByLabel(fa('serviceUi.field.technician'), { exact: true })
		.selectOption({ label: technician.displayName });
	await dispatch
		.getByLabel(fa('serviceUi.field.priority'), { exact: true })
		.selectOption({ label: world.priority.nameFa });
	await dispatch.getByRole('button', { name: fa('serviceUi.order.issue') }).click();
	await expect(statusOf(dispatch)).toHaveText(fa('service.status.awaiting_cost'));

	// The technician finds it in their queue and declares an estimate: the BOM part and labour.
	const bench = await sessionOf(browser, technician);
	await navLink(bench, 'serviceUi.nav.myQueue').click();
	await bench.waitForURL('/my-queue');
	await expect(bench.getByRole('link', { name: formNumber })).toBeVisible();
	await expectNoSeriousA11yViolations(bench);
	await bench.getByRole('link', { name: fa('serviceUi.queue.openRequest') }).click();
	await bench.waitForURL(`/requests/${requestId}`);
	const row = (n: number, field: Parameters<typeof msg>[1]) =>
		bench.getByLabel(fa('serviceUi.estimate.rowField', { row: n, field: fa(field) }), {
			exact: true
		});
	await row(1, 'serviceUi.estimate.part').selectOption({
		label: `${world.part.code} — ${world.part.nameFa}`
	});
	await bench.getByRole('button', { name: fa('serviceUi.estimate.addRow') }).click();
	await row(2, 'serviceUi.estimate.kind').selectOption('labour');
	await row(2, 'serviceUi.estimate.description').fill('دستمزد تعویض کمپرسور');
	await row(2, 'serviceUi.estimate.unitPrice').fill('۱۵٬۰۰۰٬۰۰۰');
	await expectNoSeriousA11yViolations(bench);
	await bench.getByRole('button', { name: fa('serviceUi.estimate.declare') }).click();
	await expect(bench.getByText(fa('service.estimateStatus.pending'))).toBeVisible();
	await expect(statusOf(bench)).toHaveText(fa('service.status.awaiting_cost'));

	// Reception records the customer's approval.
	await desk.goto(`/requests/${requestId}`);
	await expect(desk.getByText(fa('serviceUi.estimate.answerTitle'))).toBeVisible();
	await desk.getByRole('radio', { name: fa('service.move.approve_cost') }).check();
	await desk.getByRole('button', { name: fa('serviceUi.estimate.recordAnswer') }).click();
	await expect(statusOf(desk)).toHaveText(fa('service.status.cost_approved'));

	// The technician starts the repair and logs work with the compressor from the BOM.
	await bench.goto('/my-queue');
	await bench.getByRole('button', { name: fa('serviceUi.queue.startRepair') }).click();
	await expect(bench.getByRole('button', { name: fa('serviceUi.workLog.submit') })).toBeVisible();
	await expectAccessibleInBothLanguages(bench);
	await bench.getByLabel(fa('serviceUi.workLog.duration')).fill('۴۵');
	await bench.getByLabel(fa('serviceUi.workLog.description')).fill('کمپرسور تعویض و گاز شارژ شد');
	await bench.getByRole('button', { name: `+ ${world.part.nameFa}` }).click();
	await bench.getByLabel(fa('serviceUi.parts.newSerial')).fill(`CMP-NEW-${world.tag}`);
	await bench.getByLabel(fa('serviceUi.parts.removedSerial')).fill(`CMP-OLD-${world.tag}`);
	await expectNoSeriousA11yViolations(bench);
	await bench.getByRole('button', { name: fa('serviceUi.workLog.submit') }).click();
	await expect(bench.getByText(fa('service.status.awaiting_qc'))).toBeVisible();

	// QC returns the work with a reason and a score.
	const inspector = await sessionOf(browser, qc);
	await navLink(inspector, 'serviceUi.nav.qc').click();
	await inspector.waitForURL('/qc');
	const card = inspector.getByRole('article', { name: new RegExp(formNumber) });
	await expect(card.getByText(`CMP-NEW-${world.tag}`)).toBeVisible();
	await expectAccessibleInBothLanguages(inspector);
	await card.getByRole('radio', { name: fa('serviceUi.qc.reject') }).check();
	await card.getByLabel(fa('serviceUi.qc.score')).fill('۴۰');
	await card
		.getByLabel(fa('serviceUi.qc.reasonRequired'))
		.fill('صدای کمپرسور زیاد است؛ پایه‌ها محکم نشده');
	await card.getByRole('button', { name: fa('serviceUi.qc.submitReject') }).click();
	await expect(inspector.getByText(fa('serviceUi.qc.inboxEmpty'))).toBeVisible();

	// The technician sees why and reworks.
	await bench.goto('/my-queue');
	await expect(
		bench.getByText(
			fa('serviceUi.queue.returned', { reason: 'صدای کمپرسور زیاد است؛ پایه‌ها محکم نشده' })
		)
	).toBeVisible();
	await bench.getByLabel(fa('serviceUi.workLog.duration')).fill('20');
	await bench.getByLabel(fa('serviceUi.workLog.description')).fill('پایه‌های کمپرسور محکم شد');
	await bench.getByRole('button', { name: fa('serviceUi.workLog.submit') }).click();
	await expect(bench.getByText(fa('service.status.awaiting_qc'))).toBeVisible();

	// QC approves; the unit is ready for delivery.
	await inspector.goto('/qc');
	await card.getByRole('radio', { name: fa('serviceUi.qc.approve') }).check();
	await card.getByLabel(fa('serviceUi.qc.score')).fill('۹۰');
	await card.getByRole('button', { name: fa('serviceUi.qc.submitApprove') }).click();
	await expect(inspector.getByText(fa('serviceUi.qc.inboxEmpty'))).toBeVisible();

	// Reception hands it over.
	await desk.goto(`/requests/${requestId}`);
	await expect(statusOf(desk)).toHaveText(fa('service.status.ready_for_delivery'));
	await expect(desk.getByLabel(fa('serviceUi.field.receivedBy'))).toHaveValue(world.customer.name);
	await desk.getByRole('button', { name: fa('serviceUi.delivery.submit') }).click();
	await expect(statusOf(desk)).toHaveText(fa('service.status.delivered'));
	await expectAccessibleInBothLanguages(desk);

	// The timeline tells the whole story, in order.
	const timeline = desk.getByRole('list', { name: fa('serviceUi.timeline.title') });
	const titles = (await timeline.locator('li strong').allTextContents()).map((s) => s.trim());
	const expected = [
		fa('service.action.created'),
		fa('service.action.issued'),
		fa('service.action.declared'),
		fa('serviceUi.timeline.costApproved'),
		fa('service.move.start_repair'),
		fa('service.action.submitted'),
		fa('serviceUi.timeline.qcRejected'),
		fa('service.action.submitted'),
		fa('serviceUi.timeline.qcApproved'),
		fa('serviceUi.timeline.delivered')
	];
	let at = -1;
	for (const title of expected) {
		const next = titles.indexOf(title, at + 1);
		expect(next, `"${title}" after position ${at} in ${JSON.stringify(titles)}`).toBeGreaterThan(
			at
		);
		at = next;
	}
	await expect(timeline.getByText(technician.displayName).first()).toBeVisible();
	await expect(
		timeline.getByText('صدای کمپرسور زیاد است؛ پایه‌ها محکم نشده').first()
	).toBeVisible();
	await expect(
		timeline.getByText(`${world.part.code} × 1 (CMP-NEW-${world.tag} / CMP-OLD-${world.tag})`)
	).toBeVisible();

	// The unit's own timeline carries the same story; the lists show the documents.
	await desk.getByRole('link', { name: `SN-${world.tag}-1` }).click();
	await desk.waitForURL(/\/units\/\d+$/);
	await expect(
		desk
			.getByRole('list', { name: fa('serviceUi.timeline.title') })
			.getByText(fa('serviceUi.timeline.delivered'))
	).toHaveCount(1);
	await expectAccessibleInBothLanguages(desk);

	await dispatch.goto('/orders');
	await expect(dispatch.getByRole('link', { name: formNumber })).toBeVisible();
	await expectAccessibleInBothLanguages(dispatch);
	await inspector.goto('/work-logs');
	await expect(inspector.getByRole('link', { name: formNumber })).toHaveCount(2);
	await expectAccessibleInBothLanguages(inspector);

	for (const page of [desk, dispatch, bench, inspector]) await page.context().close();
});

test('a supervisor replaces a unit and the warranty moves to the new one', async ({
	browser,
	request
}) => {
	test.setTimeout(300_000);
	const world = await buildWorld(request);
	const { serial } = await newWarranty(request, world, 2);
	const received = await post<{ id: number; formNumber: string; version: number }>(
		request,
		world.adminToken,
		'/api/v1/service-requests',
		{
			by: 'warranty_serial',
			key: serial,
			branchId: world.branchId,
			complaint: 'موتور فن سوخته است'
		}
	);
	// The technician has their queue open when the order is issued: it arrives live, with a notice.
	const bench = await sessionOf(browser, world.staff.technician);
	await bench.goto('/my-queue');
	await expect(bench.getByText(fa('serviceUi.queue.empty'))).toBeVisible();
	// Issued once the page listens, so the notice is the live one.
	await expect(bench.locator('[data-live="online"]')).toBeVisible();
	await post(request, world.adminToken, '/api/v1/service-orders', {
		requestId: received.id,
		technicianId: world.staff.technician.id,
		priorityId: world.priority.id,
		version: received.version
	});
	await expect(
		bench
			.getByRole('status')
			.filter({ hasText: fa('serviceUi.queue.newOrder', { number: received.formNumber }) })
	).toBeVisible();
	await expect(bench.getByRole('link', { name: received.formNumber })).toBeVisible();
	await bench.context().close();

	const supervisor = await sessionOf(browser, world.staff.supervisor);
	await supervisor.goto(`/requests/${received.id}`);
	await expect(statusOf(supervisor)).toHaveText(fa('service.status.awaiting_cost'));
	await expectAccessibleInBothLanguages(supervisor);
	const replaceStep = supervisor
		.locator('details')
		.filter({ has: supervisor.getByText(fa('service.move.replace'), { exact: true }) });
	await replaceStep.getByText(fa('service.move.replace'), { exact: true }).click();
	const newSerial = `SN-${world.tag}-NEW`;
	await replaceStep.getByLabel(fa('serviceUi.field.newSerial')).fill(newSerial);
	await replaceStep
		.getByLabel(fa('serviceUi.field.reason'))
		.fill('تعمیر اقتصادی نیست؛ کالای نو جایگزین شد');
	await expectNoSeriousA11yViolations(supervisor);

	// Meanwhile the diagnosis is recorded elsewhere (no charge): the supervisor's page is now
	// stale, so the replacement is refused with who changed it, and nothing typed is lost.
	await post(request, world.adminToken, '/api/v1/estimates', {
		requestId: received.id,
		noCharge: true
	});
	const admin = await request.get(`/api/v1/users?q=${ADMIN.username}`, {
		headers: bearer(world.adminToken)
	});
	const adminName = ((await admin.json()) as { items: { displayName: string }[] }).items[0]!
		.displayName;
	await supervisor.getByRole('button', { name: fa('serviceUi.replace.submit') }).click();
	const reload = supervisor.getByRole('button', { name: fa('serviceUi.request.reload') });
	await expect(supervisor.getByRole('alert').filter({ has: reload })).toContainText(adminName);
	await reload.click();
	await expect(statusOf(supervisor)).toHaveText(fa('service.status.no_cost_declared'));
	await expect(replaceStep.getByLabel(fa('serviceUi.field.newSerial'))).toHaveValue(newSerial);
	await supervisor.getByRole('button', { name: fa('serviceUi.replace.submit') }).click();
	await expect(statusOf(supervisor)).toHaveText(fa('service.status.replaced'));
	const timeline = supervisor.getByRole('list', { name: fa('serviceUi.timeline.title') });
	await expect(timeline.getByText(fa('service.move.replace')).first()).toBeVisible();
	await expect(timeline.getByText(newSerial)).toBeVisible();

	// The new unit carries the warranty card and points back to the one it replaced.
	await supervisor.getByRole('link', { name: newSerial }).click();
	await supervisor.waitForURL(/\/units\/\d+$/);
	await expect(supervisor.getByText(serial)).toBeVisible();
	await expect(supervisor.getByText(fa('serviceUi.unit.replaces'))).toBeVisible();
	await expect(supervisor.getByRole('link', { name: `SN-${world.tag}-2` })).toBeVisible();
	await expectAccessibleInBothLanguages(supervisor);
	await supervisor.context().close();
});
