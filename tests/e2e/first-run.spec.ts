import { expect, test } from '@playwright/test';
import {
	ADMIN,
	expectAccessibleInBothLanguages,
	expectDocumentLocale,
	expectNoSeriousA11yViolations,
	msg,
	readSetupLink
} from './support';

test('the one-time setup link creates the first administrator and then stops working', async ({
	page
}) => {
	const link = readSetupLink();
	await page.goto(link);

	// A new installation greets its administrator in Persian, right to left.
	await expectDocumentLocale(page, 'fa');
	await expect(
		page.getByRole('heading', { level: 1, name: msg('fa', 'setup.title') })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	const username = page.getByLabel(msg('fa', 'login.username'));
	const displayName = page.getByLabel(msg('fa', 'setup.displayName'));
	const password = page.getByLabel(msg('fa', 'login.password'), { exact: true });
	const repeat = page.getByLabel(msg('fa', 'setup.passwordRepeat'));

	await username.fill(ADMIN.username);
	await displayName.fill(ADMIN.displayName);
	await password.fill(ADMIN.password);
	await repeat.fill(`${ADMIN.password}-typo`);
	await page.getByRole('button', { name: msg('fa', 'setup.submit') }).click();

	// The mismatch is reported on the repeat field, in Persian, and what was typed stays.
	await expect(repeat).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText(msg('fa', 'setup.mismatch'))).toBeVisible();
	await expect(username).toHaveValue(ADMIN.username);
	await expect(displayName).toHaveValue(ADMIN.displayName);
	// Switching language reloads the form, so the error state is checked in Persian only.
	await expectNoSeriousA11yViolations(page);

	await password.fill(ADMIN.password);
	await repeat.fill(ADMIN.password);
	await page.getByRole('button', { name: msg('fa', 'setup.submit') }).click();

	await page.waitForURL('/');
	await expect(
		page.getByRole('heading', {
			level: 1,
			name: msg('fa', 'dashboard.welcome', { name: ADMIN.displayName })
		})
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	// The link was spent: opening it again explains that instead of offering the form.
	await page.goto(link);
	await expect(page.getByRole('alert')).toHaveText(msg('fa', 'setup.invalidToken'));
	await expect(page.getByLabel(msg('fa', 'setup.passwordRepeat'))).toHaveCount(0);
	await expectAccessibleInBothLanguages(page);
});
