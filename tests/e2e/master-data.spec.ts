// Master data in the browser, in Persian: a product category (created, then renamed), a part and
// a product with its BOM and serviceability (one item and a whole category), a branch with its
// hours, a counter and an agency, a customer typed the way Iranians type (Arabic ي/ك, Persian
// and Arabic-Indic digits, dashes), a unit whose owner changes, a priority with SLA targets, a
// warranty type, a warranty file imported through the import page (with an error, then fixed),
// and a warranty looked up by a serial typed in Persian digits with dashes — in both languages.
// Every page visited passes axe in Persian and English.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
	apiToken,
	bearer,
	createUserWithRole,
	expectAccessibleInBothLanguages,
	expectNoSeriousA11yViolations,
	msg,
	signIn,
	switchLanguage,
	uniqueName,
	type CreatedUser
} from './support';

type Key = Parameters<typeof msg>[1];
const fa = (key: Key, params?: Record<string, string | number>) => msg('fa', key, params);
const en = (key: Key, params?: Record<string, string | number>) => msg('en', key, params);

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC = '٠١٢٣٤٥٦٧٨٩';
const toPersian = (s: string) => s.replace(/\d/g, (d) => PERSIAN[Number(d)]!);
const toArabic = (s: string) => s.replace(/\d/g, (d) => ARABIC[Number(d)]!);

/** Eight digits no earlier run used, for mobiles and serials. */
function freshDigits(): string {
	return `${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(-8);
}

const region = (page: Page, key: Key) => page.getByRole('region', { name: fa(key) });

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

test.describe.configure({ mode: 'serial' });

let admin: CreatedUser;

test.beforeAll(async ({ request }) => {
	// An administrator of its own, so language switches here never reach the other specs.
	admin = await createUserWithRole(request, 'admin');
});

test('catalogue, organisation, customers and units are kept from the browser', async ({
	page,
	request
}) => {
	test.setTimeout(600_000);
	const tag = uniqueName('').toUpperCase().slice(-6);
	await signIn(page, admin.username, admin.password);

	// A priority with response and resolution targets in working hours, typed in Persian digits.
	await page.goto('/catalog?tab=priorities');
	await expect(
		page.getByRole('heading', { level: 1, name: fa('catalog.kind.priority') })
	).toBeVisible();
	const newRow = (field: Key) =>
		page.getByLabel(fa('catalog.cellLabel', { field: fa(field), name: fa('catalog.newRow') }), {
			exact: true
		});
	await newRow('catalog.field.code').fill(`U-${tag}`);
	await newRow('catalog.field.nameFa').fill(`فوری ${tag}`);
	await newRow('catalog.field.nameEn').fill(`Urgent ${tag}`);
	await newRow('catalog.field.slaResponse').fill('۲');
	await newRow('catalog.field.slaResolution').fill('۸:۳۰');
	await page.getByRole('button', { name: fa('catalog.add') }).click();
	await expect(page.getByRole('status')).toHaveText(fa('common.saved'));
	const priorityCell = page.getByLabel(
		fa('catalog.cellLabel', { field: fa('catalog.field.slaResolution'), name: `فوری ${tag}` }),
		{ exact: true }
	);
	await expect(priorityCell).toHaveValue('۸:۳۰');
	await expectAccessibleInBothLanguages(page);

	// A category, created and then renamed in place.
	await page.goto('/catalog/products');
	await expect(
		page.getByRole('heading', { level: 1, name: fa('catalog.products.title') })
	).toBeVisible();
	const categories = region(page, 'catalog.products.categories');
	const categoryCode = `CAT-${tag}`;
	await categories.getByLabel(fa('catalog.field.code'), { exact: true }).fill(categoryCode);
	await categories.getByLabel(fa('catalog.field.nameFa'), { exact: true }).fill(`یخچال ${tag}`);
	await categories.getByLabel(fa('catalog.field.nameEn'), { exact: true }).fill(`Fridges ${tag}`);
	await categories.getByRole('button', { name: fa('common.create') }).click();
	await expect(page.getByRole('status')).toHaveText(fa('common.saved'));
	const categoryCell = (field: Key, name: string) =>
		categories.getByLabel(fa('catalog.cellLabel', { field: fa(field), name }), { exact: true });
	await expect(categoryCell('catalog.field.code', `یخچال ${tag}`)).toHaveValue(categoryCode);
	await categoryCell('catalog.field.nameFa', `یخچال ${tag}`).fill(`یخچال و فریزر ${tag}`);
	await categoryCell('catalog.field.nameEn', `یخچال ${tag}`).fill(`Fridge-freezers ${tag}`);
	await categories
		.getByRole('button', { name: fa('catalog.save', { name: `یخچال ${tag}` }) })
		.click();
	await expect(page.getByRole('status')).toHaveText(fa('common.saved'));
	const categoryName = `یخچال و فریزر ${tag}`;
	await expect(categoryCell('catalog.field.nameEn', categoryName)).toHaveValue(
		`Fridge-freezers ${tag}`
	);
	// The new name is what every list and picker shows.
	await expect(
		page
			.getByRole('search', { name: fa('catalog.products.filters') })
			.getByLabel(fa('catalog.products.category'))
			.getByRole('option', { name: categoryName })
	).toBeAttached();
	await expectAccessibleInBothLanguages(page);

	// A part, then a product in the renamed category.
	const createItem = async (fields: {
		code: string;
		nameFa: string;
		nameEn: string;
		price: string;
		category?: string;
		isPart?: boolean;
	}) => {
		await page.goto('/catalog/products');
		const details = page.locator('details').filter({ hasText: fa('catalog.products.new') });
		await details.getByText(fa('catalog.products.new')).click();
		await details.getByLabel(fa('catalog.field.code'), { exact: true }).fill(fields.code);
		await details.getByLabel(fa('catalog.field.nameFa'), { exact: true }).fill(fields.nameFa);
		await details.getByLabel(fa('catalog.field.nameEn'), { exact: true }).fill(fields.nameEn);
		if (fields.category)
			await details
				.getByLabel(fa('catalog.products.category'))
				.selectOption({ label: fields.category });
		await details.getByLabel(fa('catalog.products.price')).fill(fields.price);
		if (fields.isPart) await details.getByLabel(fa('catalog.products.isPart')).check();
		await details.getByRole('button', { name: fa('common.create') }).click();
		await page.waitForURL(/\/catalog\/products\/\d+$/);
		return Number(/\/catalog\/products\/(\d+)$/.exec(page.url())![1]);
	};
	const partCode = `CMP-${tag}`;
	await createItem({
		code: partCode,
		nameFa: 'کمپرسور',
		nameEn: 'Compressor',
		price: '۹۰٬۰۰۰٬۰۰۰',
		isPart: true
	});
	const productCode = `RF-${tag}`;
	const productName = `یخچال ساید ${tag}`;
	const productId = await createItem({
		code: productCode,
		nameFa: productName,
		nameEn: `Side-by-side ${tag}`,
		price: '۵۰۰٬۰۰۰٬۰۰۰',
		category: categoryName
	});
	await expect(page.getByRole('heading', { level: 1 })).toContainText(productName);

	// Its BOM: the compressor, twice, found by code.
	const bom = region(page, 'catalog.product.bom');
	await bom.getByLabel(fa('catalog.product.partCode')).fill(partCode.toLowerCase());
	await bom.getByLabel(fa('catalog.product.quantity')).fill('۲');
	await bom.getByLabel(fa('catalog.product.note')).fill('کمپرسور اصلی و یدکی');
	await bom.getByRole('button', { name: fa('catalog.product.addPart') }).click();
	await expect(bom.getByRole('cell', { name: partCode })).toBeVisible();
	await expect(bom.getByRole('cell', { name: '۲', exact: true })).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// Serviceability: the whole category off (one item changed), then the product back on.
	await page.goto('/catalog/products');
	const bulk = region(page, 'catalog.products.bulk');
	const byCategory = bulk.getByRole('group', { name: fa('catalog.products.bulkCategory') });
	await byCategory
		.getByLabel(fa('catalog.products.category'))
		.selectOption({ label: categoryName });
	await byCategory.getByRole('button', { name: fa('catalog.products.turnOff') }).click();
	await expect(page.getByRole('status')).toHaveText(fa('catalog.products.changed', { count: 1 }));
	await page.goto(`/catalog/products?q=${productCode}`);
	const productRow = page.getByRole('row').filter({ hasText: productCode });
	await expect(productRow.getByText(fa('catalog.products.notServiceable'))).toBeVisible();
	await productRow
		.getByRole('checkbox', { name: fa('catalog.products.select', { name: productName }) })
		.check();
	await bulk
		.getByRole('group', { name: fa('catalog.products.bulkSelected') })
		.getByRole('button', { name: fa('catalog.products.turnOn'), exact: true })
		.click();
	await expect(page.getByRole('status')).toHaveText(fa('catalog.products.changed', { count: 1 }));
	await expect(
		productRow.getByText(fa('catalog.products.serviceable'), { exact: true })
	).toBeVisible();

	// A branch with its weekly hours, a reception counter and an agency.
	await page.goto('/org/branches');
	await expectAccessibleInBothLanguages(page);
	const newBranch = region(page, 'org.branches.new');
	const branchName = `شعبهٔ کرج ${tag}`;
	await newBranch.getByLabel(fa('catalog.field.code'), { exact: true }).fill(`KRJ-${tag}`);
	await newBranch.getByLabel(fa('catalog.field.nameFa')).fill(branchName);
	await newBranch.getByLabel(fa('catalog.field.nameEn')).fill(`Karaj ${tag}`);
	await newBranch.getByLabel(fa('org.branch.city')).fill('کرج');
	await newBranch.getByRole('button', { name: fa('common.create') }).click();
	await page.waitForURL(/\/org\/branches\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(branchName);
	const hours = region(page, 'org.hours.title');
	await hours.getByLabel(fa('org.weekday.saturday'), { exact: true }).fill('۸ تا ۱۲، ۱۳ تا ۱۷');
	await hours.getByRole('button', { name: fa('org.hours.save') }).click();
	await expect(hours.getByRole('status')).toBeVisible();
	const counters = region(page, 'org.counters.title');
	await counters.getByLabel(fa('catalog.field.code'), { exact: true }).fill('C1');
	await counters.getByLabel(fa('common.name'), { exact: true }).fill('باجهٔ یک');
	await counters.getByRole('button', { name: fa('org.counters.add') }).click();
	await expect(
		counters.getByLabel(fa('catalog.cellLabel', { field: fa('common.name'), name: 'باجهٔ یک' }))
	).toHaveValue('باجهٔ یک');
	const agencies = region(page, 'org.agencies.title');
	const addAgency = agencies
		.locator('form')
		.filter({ hasText: fa('org.agencies.add') })
		.last();
	await addAgency.getByLabel(fa('catalog.field.code'), { exact: true }).fill(`AG-${tag}`);
	await addAgency.getByLabel(fa('common.name'), { exact: true }).fill(`نمایندگی پارسیان ${tag}`);
	await addAgency.getByLabel(fa('org.agency.city'), { exact: true }).fill('کرج');
	await addAgency.getByLabel(fa('org.agency.mobile'), { exact: true }).fill('۰۹۱۲۱۱۱۲۲۳۳');
	await addAgency.getByRole('button', { name: fa('org.agencies.add') }).click();
	await expect(
		agencies.getByRole('button', { name: fa('org.save', { name: `نمایندگی پارسیان ${tag}` }) })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// A customer typed with Arabic ي/ك, a mobile in Persian digits with dashes and a national id
	// in Arabic-Indic digits: stored with Persian letters and as +989…
	const digits = freshDigits();
	const mobile = `0912${digits.slice(-7)}`;
	await page.goto('/customers');
	await expectAccessibleInBothLanguages(page);
	const newCustomer = region(page, 'crm.new');
	await newCustomer.getByLabel(fa('crm.name')).fill('علي كريمي');
	const typedMobile = toPersian(`${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`);
	await newCustomer.getByLabel(fa('crm.mobile')).fill(typedMobile);
	await expect(newCustomer.getByText(toPersian(`+98${mobile.slice(1)}`))).toBeVisible();
	await newCustomer.getByLabel(fa('crm.nationalId')).fill(toArabic('0012345679'));
	await newCustomer.getByLabel(fa('crm.address')).fill('کرج، بلوار جمهوری، پلاک ۱۲');
	await newCustomer.getByRole('button', { name: fa('common.create') }).click();
	await page.waitForURL(/\/customers\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('علی کریمی');
	await expectAccessibleInBothLanguages(page);

	// Found by the name typed with Arabic letters, and by the mobile in another form.
	await page.goto('/customers');
	const customerSearch = page.getByRole('search', { name: fa('crm.title') });
	await customerSearch.getByLabel(fa('crm.search')).fill('كريمي');
	await customerSearch.getByRole('button', { name: fa('common.search') }).click();
	await expect(page.getByRole('link', { name: 'علی کریمی' })).toBeVisible();
	await customerSearch.getByLabel(fa('crm.search')).fill(`+98 ${mobile.slice(1)}`);
	await customerSearch.getByRole('button', { name: fa('common.search') }).click();
	await expect(page.getByRole('link', { name: 'علی کریمی' })).toBeVisible();

	// The same mobile again is refused, and the existing customer is offered.
	await newCustomer.getByLabel(fa('crm.name')).fill('علی کریمی دوم');
	await newCustomer.getByLabel(fa('crm.mobile')).fill(`0098${mobile.slice(1)}`);
	await newCustomer.getByRole('button', { name: fa('common.create') }).click();
	await expect(newCustomer.getByRole('alert').first()).toContainText(
		fa('crm.error.duplicateMobile', { name: 'علی کریمی' })
	);
	await expect(
		newCustomer.getByRole('link', { name: fa('crm.existing', { name: 'علی کریمی' }) })
	).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// A unit of the product, owned by that customer (mobile in Arabic-Indic digits).
	await page.goto(`/catalog/products/${productId}`);
	const unitSerial = `SN-${tag}-1`;
	const productUnits = region(page, 'catalog.product.units');
	await productUnits.getByLabel(fa('catalog.units.serial')).fill(unitSerial);
	await productUnits.getByLabel(fa('catalog.units.saleDate')).fill('۱۴۰۴/۰۱/۱۵');
	await productUnits.getByLabel(fa('catalog.units.ownerMobile')).fill(toArabic(mobile));
	await productUnits.getByRole('button', { name: fa('catalog.product.addUnit') }).click();
	await expect(page.getByRole('status')).toHaveText(fa('catalog.units.created'));
	await expect(productUnits.getByRole('link', { name: 'علی کریمی' })).toBeVisible();

	// The unit changes hands: found by the start of its serial, then given to another customer.
	const buyer = { name: 'زهرا کاظمی', mobile: `0935${freshDigits().slice(-7)}` };
	const adminToken = await apiToken(request, admin.username, admin.password);
	await post(request, adminToken, '/api/v1/customers', buyer);
	await page.goto('/catalog/units');
	await expectAccessibleInBothLanguages(page);
	await page
		.getByRole('searchbox', { name: fa('catalog.units.searchSerial') })
		.fill(toPersian(`sn-${tag}`));
	await page.getByRole('button', { name: fa('common.search') }).click();
	await page.getByRole('link', { name: unitSerial }).click();
	await page.waitForURL(/\/catalog\/units\/\d+$/);
	await expect(page.getByTestId('unit-owner')).toContainText('علی کریمی');
	await expectAccessibleInBothLanguages(page);
	const edit = region(page, 'catalog.unit.edit');
	await edit.getByLabel(fa('catalog.units.ownerMobile')).fill(`0990${freshDigits().slice(-7)}`);
	await edit.getByRole('button', { name: fa('common.save') }).click();
	await expect(edit.getByText(fa('catalog.unit.unknownOwner'))).toBeVisible();
	await expect(edit.getByRole('link', { name: fa('catalog.unit.registerCustomer') })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await edit.getByLabel(fa('catalog.units.ownerMobile')).fill(toPersian(buyer.mobile));
	await edit.getByRole('button', { name: fa('common.save') }).click();
	await expect(page.getByRole('status')).toHaveText(fa('common.saved'));
	await expect(page.getByTestId('unit-owner')).toContainText(buyer.name);
	const owners = page.getByTestId('owner-history');
	await expect(owners.getByRole('row')).toHaveCount(3);
	await expect(owners.getByRole('row').nth(1)).toContainText('علی کریمی');
	await expect(owners.getByRole('row').nth(1)).toContainText(buyer.name);
	await expect(owners.getByRole('row').nth(1)).toContainText(admin.displayName);
	await expectAccessibleInBothLanguages(page);
});

test('a warranty type, a warranty file imported with an error then fixed, and a lookup by serial', async ({
	page,
	request
}) => {
	test.setTimeout(600_000);
	const tag = uniqueName('').toUpperCase().slice(-6);
	const adminToken = await apiToken(request, admin.username, admin.password);
	const productCode = `TV-${tag}`;
	await post(request, adminToken, '/api/v1/products', {
		code: productCode,
		nameFa: `تلویزیون ۵۵ اینچ ${tag}`,
		nameEn: `55-inch TV ${tag}`,
		priceRials: 300_000_000
	});
	await signIn(page, admin.username, admin.password);

	// The warranty type: 18 months from the sale date, parts and labour, a week's grace.
	await page.goto('/warranty/types');
	await expectAccessibleInBothLanguages(page);
	const typeCode = `G18-${tag}`;
	const editor = region(page, 'warranty.types.create');
	await editor.getByLabel(fa('warranty.types.code')).fill(typeCode);
	await editor.getByLabel(fa('warranty.types.nameFa')).fill(`گارانتی ۱۸ ماهه ${tag}`);
	await editor.getByLabel(fa('warranty.types.nameEn')).fill(`18-month warranty ${tag}`);
	await editor.getByLabel(fa('warranty.types.months')).fill('۱۸');
	await editor.getByLabel(fa('warranty.types.days')).fill('۰');
	await editor.getByLabel(fa('warranty.types.graceDays')).fill('۷');
	await editor.getByLabel(fa('warranty.types.startRule')).selectOption('sale');
	await editor.getByLabel(fa('warranty.field.coverage')).selectOption('both');
	await editor.getByRole('button', { name: fa('common.create') }).click();
	await expect(page.getByRole('status')).toHaveText(fa('warranty.types.saved'));
	await expect(
		page.getByTestId('warranty-types').getByRole('row').filter({ hasText: typeCode })
	).toContainText(fa('warranty.rule.sale'));
	await expectAccessibleInBothLanguages(page);

	// A file as Excel on Persian Windows saves it: BOM, CRLF, Persian headers and digits.
	const base = freshDigits();
	const serialOf = (n: number) => `71${base}${n}`;
	const mobile = `0912${freshDigits().slice(-7)}`;
	const rows = (badCode: string) =>
		[
			'سریال گارانتی,کد کالا,سریال کالا,نوع گارانتی,تاریخ فروش,موبایل مشتری',
			`${serialOf(1)},${productCode.toLowerCase()},SN-${tag}-1,${typeCode},۱۴۰۴/۰۳/۱۰,${toPersian(mobile)}`,
			`${toPersian(serialOf(2))},${productCode},SN-${tag}-2,${typeCode},2025-06-01,`,
			`${serialOf(3)},${badCode},SN-${tag}-3,${typeCode},,`
		].join('\r\n') + '\r\n';
	const upload = async (content: string, name: string) => {
		await page.goto('/warranty/import');
		await page.getByLabel(fa('warranty.import.file')).setInputFiles({
			name,
			mimeType: 'text/csv',
			buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, 'utf8')])
		});
		await page.getByRole('button', { name: fa('warranty.import.upload') }).click();
		await page.waitForURL(/\/warranty\/import\?import=\d+$/);
		await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 });
	};
	const n = (value: number) => toPersian(String(value));

	await page.goto('/warranty/import');
	await expectAccessibleInBothLanguages(page);
	await upload(rows(`XX-${tag}`), `serials-${tag}.csv`);
	await expect(page.getByTestId('import-summary')).toHaveText(
		fa('warranty.import.summary', { total: n(3), valid: n(2), invalid: n(1) })
	);
	const errors = page.getByTestId('import-errors');
	await expect(errors.getByRole('row').filter({ hasText: serialOf(3) })).toContainText(
		fa('warranty.import.kind.unknown_product')
	);
	await expectAccessibleInBothLanguages(page);

	// Fixed: the same file with the right product code checks clean, and imports in the background.
	await upload(rows(productCode), `serials-${tag}-fixed.csv`);
	await expect(page.getByTestId('import-summary')).toHaveText(
		fa('warranty.import.summary', { total: n(3), valid: n(3), invalid: n(0) })
	);
	await page.getByTestId('import-commit').click();
	const result = page.getByTestId('import-result');
	await expect(result).toBeVisible({ timeout: 60_000 });
	await expect(result).toContainText(fa('warranty.import.doneTitle'));
	await expect(
		page.getByRole('progressbar', { name: fa('warranty.import.progress') })
	).toHaveAttribute('aria-valuenow', '100');
	await expectAccessibleInBothLanguages(page);

	// The imported cards are listed, and the first is found by its serial typed in Persian
	// digits with dashes: product, customer, 18 months from the sale date, days left.
	await page.getByRole('link', { name: fa('warranty.import.viewImported') }).click();
	await expect(page.getByTestId('warranty-list').getByRole('row')).toHaveCount(4);
	const lookup = region(page, 'warranty.lookup.title');
	const typed = toPersian(serialOf(1)).replace(/(.{4})(?=.)/g, '$1-');
	await lookup.getByLabel(fa('warranty.lookup.label')).fill(typed);
	await lookup.getByRole('button', { name: fa('warranty.lookup.submit') }).click();
	const results = page.getByTestId('lookup-results');
	await expect(results.getByRole('link', { name: serialOf(1) })).toBeVisible();
	await expect(results).toContainText(`تلویزیون ۵۵ اینچ ${tag}`);
	await expect(results).toContainText(`گارانتی ۱۸ ماهه ${tag}`);
	await expect(results).toContainText(fa('warranty.coverage.both'));
	// 1404/03/10 + 18 Jalali months = 1405/09/10, shown in Jalali with Persian digits.
	await expect(results).toContainText('۱۴۰۵');
	await expect(results).toContainText(fa('warranty.lookup.noPastRequests'));
	await expectNoSeriousA11yViolations(page);

	// The same lookup in English: Gregorian dates and the type's English name.
	await switchLanguage(page);
	await expect(page.getByTestId('lookup-results')).toContainText(`18-month warranty ${tag}`);
	await expect(page.getByTestId('lookup-results')).toContainText(en('warranty.coverage.both'));
	await expect(page.getByTestId('lookup-results')).toContainText('2026');
	await expectNoSeriousA11yViolations(page);
	await switchLanguage(page);

	// A product serial works as well as the warranty serial.
	// The card typed in Persian digits in the file keeps them as typed.
	await lookup.getByLabel(fa('warranty.lookup.label')).fill(toPersian(`SN ${tag} 2`));
	await lookup.getByRole('button', { name: fa('warranty.lookup.submit') }).click();
	await expect(
		page.getByTestId('lookup-results').getByRole('link', { name: toPersian(serialOf(2)) })
	).toBeVisible();
});
