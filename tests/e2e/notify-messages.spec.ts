import { expect, test } from '@playwright/test';
import {
	createUserWithRole,
	expectAccessibleInBothLanguages,
	msg,
	signIn,
	signOut
} from './support';

test('an administrator rewords a customer message and a technician makes a Telegram link code', async ({
	page,
	request
}) => {
	const admin = await createUserWithRole(request, 'admin');
	await signIn(page, admin.username, admin.password);
	await page
		.getByRole('navigation', { name: msg('fa', 'nav.main') })
		.getByRole('link', { name: msg('fa', 'nav.customerMessages') })
		.click();
	await page.waitForURL('/admin/messages');
	await expect(
		page.getByRole('heading', { level: 1, name: msg('fa', 'notify.title') })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	const ready = page.getByTestId('template-request.ready');
	const smsFa = ready.getByLabel(
		new RegExp(`${msg('fa', 'notify.channel.sms')} · ${msg('fa', 'notify.locale.fa')}`)
	);
	// A placeholder the template does not offer is refused with the field's message.
	await smsFa.fill('دستگاه {formNumber} آماده است {nothing}');
	await smsFa
		.locator('xpath=ancestor::form')
		.getByRole('button', { name: msg('fa', 'notify.save') })
		.click();
	await expect(ready.getByRole('alert')).toContainText('{nothing}');
	await smsFa.fill('دستگاه شما با پذیرش {formNumber} آماده است. نشانی: {branchAddress}');
	await smsFa
		.locator('xpath=ancestor::form')
		.getByRole('button', { name: msg('fa', 'notify.save') })
		.click();
	await expect(ready.getByRole('status')).toHaveText(msg('fa', 'notify.saved'));
	await page.reload();
	await expect(smsFa).toHaveValue(
		'دستگاه شما با پذیرش {formNumber} آماده است. نشانی: {branchAddress}'
	);

	const technician = await createUserWithRole(request, 'technician');
	await signOut(page);
	await signIn(page, technician.username, technician.password);
	// Staff reach the page from the main navigation.
	await page
		.getByRole('navigation', { name: msg('fa', 'nav.main') })
		.getByRole('link', { name: msg('fa', 'notify.telegramLink') })
		.click();
	await page.waitForURL('/telegram-link');
	await expect(
		page.getByRole('heading', { level: 1, name: msg('fa', 'notify.telegramLink') })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);
});
