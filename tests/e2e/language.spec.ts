import { expect, test } from '@playwright/test';
import {
	createUserWithRole,
	expectDocumentLocale,
	expectNoSeriousA11yViolations,
	msg,
	signIn,
	signOut,
	switchLanguage
} from './support';

test('switching to English turns the page left to right and is remembered for the user', async ({
	page,
	request
}) => {
	// A user of their own, so the remembered language cannot leak into other specs.
	const user = await createUserWithRole(request, 'supervisor');
	await signIn(page, user.username, user.password);
	await expectDocumentLocale(page, 'fa');
	const welcome = (locale: 'fa' | 'en') =>
		page.getByRole('heading', {
			level: 1,
			name: msg(locale, 'dashboard.welcome', { name: user.displayName })
		});
	await expect(welcome('fa')).toBeVisible();

	await switchLanguage(page);
	await expectDocumentLocale(page, 'en');
	await expect(welcome('en')).toBeVisible();
	await expect(page.getByRole('navigation', { name: msg('en', 'nav.main') })).toContainText(
		msg('en', 'nav.dashboard')
	);
	await expectNoSeriousA11yViolations(page);

	await page.reload();
	await expectDocumentLocale(page, 'en');
	await expect(welcome('en')).toBeVisible();

	// Signed out, the sign-in page keeps English, and signing in again brings it back.
	await signOut(page);
	await expectDocumentLocale(page, 'en');
	await expect(
		page.getByRole('heading', { level: 1, name: msg('en', 'login.title') })
	).toBeVisible();
	await page.context().clearCookies();
	await signIn(page, user.username, user.password);
	await expectDocumentLocale(page, 'en');
	await expect(welcome('en')).toBeVisible();

	await switchLanguage(page);
	await expectDocumentLocale(page, 'fa');
	await expect(welcome('fa')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
});
