import { expect, test } from '@playwright/test';
import {
	ADMIN,
	expectAccessibleInBothLanguages,
	expectNoSeriousA11yViolations,
	msg,
	signOut
} from './support';

test('a wrong password is refused with a translated message; the right one opens the dashboard', async ({
	page
}) => {
	await page.goto('/');
	// Signed out, every page leads to the sign-in form.
	await page.waitForURL(/\/login/);
	await expect(
		page.getByRole('heading', { level: 1, name: msg('fa', 'login.title') })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);

	await page.getByLabel(msg('fa', 'login.username')).fill(ADMIN.username);
	await page.getByLabel(msg('fa', 'login.password')).fill('not-the-password');
	await page.getByRole('button', { name: msg('fa', 'login.submit'), exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText(msg('fa', 'login.invalid'));
	await expect(page.getByLabel(msg('fa', 'login.username'))).toHaveValue(ADMIN.username);
	// Switching language reloads the form, so the error state is checked in Persian only.
	await expectNoSeriousA11yViolations(page);

	await page.getByLabel(msg('fa', 'login.password')).fill(ADMIN.password);
	await page.getByRole('button', { name: msg('fa', 'login.submit'), exact: true }).click();
	await page.waitForURL('/');
	await expect(
		page.getByRole('heading', {
			level: 1,
			name: msg('fa', 'dashboard.welcome', { name: ADMIN.displayName })
		})
	).toBeVisible();
	await expect(page.getByRole('banner')).toContainText(ADMIN.displayName);

	await signOut(page);
	await expect(
		page.getByRole('heading', { level: 1, name: msg('fa', 'login.title') })
	).toBeVisible();
	// The session is really gone: the dashboard asks for sign-in again.
	await page.goto('/');
	await page.waitForURL(/\/login/);
});
