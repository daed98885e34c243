// Shared steps of the end-to-end suite: who the administrator is, how a user signs in, switches
// language and is created through the API, and the accessibility gate every visited page passes.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { AGENCY_SCOPED_ROLES, type RoleKey } from '#lib/domain/permissions';
import { translate, type Locale, type MessageKey } from '#lib/i18n';
import { SETUP_LINK_FILE } from './paths';

/** The administrator first-run.spec.ts creates through the setup link; later specs sign in as it. */
export const ADMIN = {
	username: 'e2e.admin',
	displayName: 'مدیر آزمون',
	password: 'e2e-admin-password-1403'
} as const;

/** Password of every user the suite creates; long enough for the password rules. */
export const USER_PASSWORD = 'e2e-user-password-1403';

/** A message as a user of `locale` reads it, so tests find elements the way people do. */
export function msg(
	locale: Locale,
	key: MessageKey,
	params?: Record<string, string | number>
): string {
	return translate(locale, key, params);
}

/** The one-time link the app printed on its first start (see global-setup.ts). */
export function readSetupLink(): string {
	return readFileSync(SETUP_LINK_FILE, 'utf8').trim();
}

/** A name no earlier run or test used, for users, roles and groups the tests create. */
export function uniqueName(prefix: string): string {
	return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The language the page is shown in, read from `<html lang>`. */
export async function pageLocale(page: Page): Promise<Locale> {
	return (await page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'fa';
}

/** Asserts the document language and direction the way assistive technology reads them. */
export async function expectDocumentLocale(page: Page, locale: Locale): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(page.locator('html')).toHaveAttribute('dir', locale === 'fa' ? 'rtl' : 'ltr');
}

/**
 * Fails on any serious or critical WCAG 2 A/AA violation of the page as it is now, listing each
 * violation with the elements involved so the report says what to fix.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
	// Legacy mode runs axe inside the page itself instead of opening a helper page to merge frame
	// results: the app has no iframes, and it halves the time of every check.
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa'])
		.setLegacyMode(true)
		.analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	const report = serious.map((v) => ({
		rule: v.id,
		impact: v.impact,
		help: v.help,
		elements: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.trim())
	}));
	if (report.length) console.log(`axe: ${page.url()}\n${JSON.stringify(report, null, 2)}`);
	expect(
		report,
		`serious accessibility violations on ${page.url()} (${await pageLocale(page)})`
	).toEqual([]);
}

/** Switches the interface language with the header button and waits for the page to show it. */
export async function switchLanguage(page: Page): Promise<Locale> {
	const from = await pageLocale(page);
	const to: Locale = from === 'fa' ? 'en' : 'fa';
	await page.getByRole('button', { name: msg(from, 'nav.languageLabel') }).click();
	await expectDocumentLocale(page, to);
	await expect(page.getByRole('button', { name: msg(to, 'nav.languageLabel') })).toBeVisible();
	return to;
}

/** Shows the page in `locale`, switching only when it is not already. */
export async function useLocale(page: Page, locale: Locale): Promise<void> {
	if ((await pageLocale(page)) !== locale) await switchLanguage(page);
}

/** Runs the accessibility gate on the current page in Persian and in English, ending in Persian. */
export async function expectAccessibleInBothLanguages(page: Page): Promise<void> {
	await useLocale(page, 'fa');
	await expectNoSeriousA11yViolations(page);
	await switchLanguage(page);
	await expectNoSeriousA11yViolations(page);
	await switchLanguage(page);
}

/**
 * Opens `url` and waits until the app has hydrated (the root layout marks `<html data-hydrated>`):
 * typing into a form before that may be undone when hydration re-renders its fields.
 */
export async function gotoReady(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** How long a sign-in may take, from the click to the dashboard (argon2 on a busy 2-core machine). */
const SIGN_IN_TIMEOUT_MS = 30_000;

/**
 * Signs in through the sign-in form and waits for the dashboard. Bounded: a sign-in that goes
 * nowhere fails in seconds, saying where the page stayed, instead of at the test's own timeout.
 */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
	await gotoReady(page, '/login');
	const locale = await pageLocale(page);
	await page.getByLabel(msg(locale, 'login.username')).fill(username);
	await page.getByLabel(msg(locale, 'login.password')).fill(password);
	await page.getByRole('button', { name: msg(locale, 'login.submit'), exact: true }).click();
	// The URL and a signed-in header, not the `load` event: that would also wait on every
	// resource the dashboard fetches.
	await expect(page, `sign-in of ${username} should reach the dashboard`).toHaveURL('/', {
		timeout: SIGN_IN_TIMEOUT_MS
	});
	await expect(
		page
			.getByRole('button', { name: msg('fa', 'nav.signOut'), exact: true })
			.or(page.getByRole('button', { name: msg('en', 'nav.signOut'), exact: true })),
		`signed in as ${username}`
	).toBeVisible({ timeout: SIGN_IN_TIMEOUT_MS });
}

/** Signs out with the header button and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
	const locale = await pageLocale(page);
	await page.getByRole('button', { name: msg(locale, 'nav.signOut') }).click();
	await page.waitForURL(/\/login/);
}

/** A bearer token for the API, as an integration would obtain it. */
export async function apiToken(
	request: APIRequestContext,
	username: string,
	password: string
): Promise<string> {
	const response = await request.post('/api/v1/auth/login', { data: { username, password } });
	expect(response.status(), `API sign-in of ${username}`).toBe(200);
	const body = (await response.json()) as { token: string };
	return body.token;
}

/** Authorization header for a bearer token. */
export function bearer(token: string): Record<string, string> {
	return { authorization: `Bearer ${token}` };
}

interface RoleSummary {
	id: number;
	key: string;
}

/** Ids of the roles by key, read through the API as the administrator. */
export async function roleIds(
	request: APIRequestContext,
	adminToken: string
): Promise<Map<string, number>> {
	const response = await request.get('/api/v1/roles', { headers: bearer(adminToken) });
	expect(response.status(), 'list roles').toBe(200);
	const { items } = (await response.json()) as { items: RoleSummary[] };
	return new Map(items.map((r) => [r.key, r.id]));
}

export interface CreatedUser {
	id: number;
	username: string;
	password: string;
	displayName: string;
}

/** Creates an active user holding one built-in role, through POST /api/v1/users as the admin. */
export async function createUserWithRole(
	request: APIRequestContext,
	role: RoleKey,
	options: { locale?: Locale; username?: string } = {}
): Promise<CreatedUser> {
	const adminToken = await apiToken(request, ADMIN.username, ADMIN.password);
	const roleId = (await roleIds(request, adminToken)).get(role);
	expect(roleId, `built-in role ${role} exists`).toBeDefined();
	const username = options.username ?? uniqueName(`e2e.${role}.`);
	const displayName = `E2E ${role} ${username.slice(-4)}`;
	// An agent always works for one agency; the app refuses an agent without one.
	const agency = AGENCY_SCOPED_ROLES.includes(role)
		? await createAgency(request, adminToken)
		: null;
	const response = await request.post('/api/v1/users', {
		headers: bearer(adminToken),
		data: {
			username,
			displayName,
			password: USER_PASSWORD,
			locale: options.locale ?? 'fa',
			roleIds: [roleId],
			branchId: agency?.branchId ?? null,
			agencyId: agency?.id ?? null
		}
	});
	expect(response.status(), `create ${role} user: ${await response.text()}`).toBe(201);
	const created = (await response.json()) as { id: number };
	return { id: created.id, username, password: USER_PASSWORD, displayName };
}

/** A new branch with one agency in it, created through the API as the administrator. */
export async function createAgency(
	request: APIRequestContext,
	adminToken: string
): Promise<{ id: number; branchId: number }> {
	const code = uniqueName('E2E-').toUpperCase();
	const branch = await request.post('/api/v1/branches', {
		headers: bearer(adminToken),
		data: { code, nameFa: `شعبهٔ آزمون ${code}`, nameEn: `Test branch ${code}` }
	});
	expect(branch.status(), `create branch: ${await branch.text()}`).toBe(201);
	const branchId = ((await branch.json()) as { id: number }).id;
	const agency = await request.post('/api/v1/agencies', {
		headers: bearer(adminToken),
		data: { code, name: `نمایندگی آزمون ${code}`, branchId }
	});
	expect(agency.status(), `create agency: ${await agency.text()}`).toBe(201);
	return { id: ((await agency.json()) as { id: number }).id, branchId };
}
