import { chromium } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
const B = 'http://localhost:5187';
const token = (await import('node:fs')).readFileSync('/tmp/admin-dev/token', 'utf8').trim();
const api = (m, p, body) => fetch(B + p, { method: m, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined }).then(async r => [r.status, await r.json().catch(() => null)]);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function login(u, p, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport }); const page = await context.newPage();
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await page.goto(B + '/login'); await page.waitForLoadState('networkidle'); await page.fill('#username', u); await page.fill('#password', p);
  await Promise.all([page.waitForURL(B + '/'), page.click('main button[type=submit]')]);
  return page;
}
async function go(pg, path) { const r = await pg.goto(B + path); await pg.waitForLoadState('networkidle'); return r; }
async function axe(page, label) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = r.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  console.log(label, 'violations:', bad.length, bad.map((v) => v.id).join(','));
}
const page = await login('boss', 'boss-password-long');
// stale
await go(page, '/admin/users/2');
const [, u] = await api('GET', '/api/v1/users/2');
console.log('patch', (await api('PATCH', '/api/v1/users/2', { version: u.version, personnelNo: '55' }))[0]);
await page.fill('#displayName', 'Ali Changed');
await page.click('main form button[type=submit]'); await page.waitForTimeout(1500);
console.log('stale alert:', await page.locator('.alert.error').allTextContents(), 'kept:', await page.inputValue('#displayName'));
await axe(page, 'stale');
// last admin via UI
await go(page, '/admin/users/1');
await page.uncheck('input[name=active]');
await page.click('main form button[type=submit]'); await page.waitForTimeout(1500);
console.log('last admin alert:', await page.locator('.alert.error').allTextContents());
// group member filter
await go(page, '/admin/groups/1');
await page.fill('#member-filter', 'بوس'); await page.waitForTimeout(200);
console.log('visible members (no match):', await page.locator('.members li:visible').count());
await page.fill('#member-filter', 'ALI'); await page.waitForTimeout(200);
console.log('visible members (ALI):', await page.locator('.members li:visible').count());
// role create with bad key
await go(page, '/admin/roles');
await page.fill('#key', 'Bad Key'); await page.fill('#nameFa', 'سرپرست'); await page.fill('#nameEn', 'X');
await page.check('#new-role-grants-reports-view');
await page.click('main form button[type=submit]'); await page.waitForTimeout(1500);
console.log('role errors:', await page.locator('.field-error').allTextContents(), 'reports kept:', await page.isChecked('#new-role-grants-reports-view'));
await page.fill('#key', 'night_shift'); await page.fill('#nameEn', 'Night shift'); await page.fill('#nameFa', 'شیفت شب');
await Promise.all([page.waitForURL(/\/admin\/roles\/\d+/), page.click('main form button[type=submit]')]);
console.log('created role page:', page.url(), await page.locator('.alert').allTextContents(), await page.isChecked('#role-grants-reports-view'));
await page.check('form[action="?/delete"] input[name=confirm]');
await Promise.all([page.waitForURL(/\/admin\/roles\?deleted/), page.click('form[action="?/delete"] button')]);
console.log('after delete:', await page.locator('.alert').allTextContents());
// viewer and no-permission user
await api('POST', '/api/v1/users', { username: 'viewer', displayName: 'Viewer', password: 'viewer-password-1', grants: { admin: 'view' } });
await api('POST', '/api/v1/users', { username: 'nobody', displayName: 'Nobody', password: 'nobody-password-1', roleIds: [5] });
const v = await login('viewer', 'viewer-password-1');
await go(v, '/admin/users/2');
console.log('viewer: disabled fieldset', await v.locator('fieldset.plain[disabled]').count(), 'submit buttons', await v.locator('main form button[type=submit]').count());
let r = await go(v, '/admin/users/new'); console.log('viewer new ->', r.status());
const n = await login('nobody', 'nobody-password-1');
r = await go(n, '/admin/users'); console.log('nobody users ->', r.status());
r = await go(n, '/admin/roles/1'); console.log('nobody role ->', r.status());
r = await go(page, '/admin/users/99999'); console.log('missing user ->', r.status());
r = await go(page, '/admin/users/abc'); console.log('bad id ->', r.status());
r = await go(page, '/admin/users?roleId=xyz&active=maybe&q=ali'); console.log('bad filters ->', r.status(), await page.locator('tbody tr').count());
// mobile viewport
const m = await login('boss', 'boss-password-long', { width: 390, height: 800 });
for (const p of ['/admin/users', '/admin/users/2', '/admin/groups/1']) { await go(m, p); await axe(m, 'mobile ' + p); await m.screenshot({ path: `/tmp/admin-dev/shots/mobile${p.replaceAll('/', '_')}.png`, fullPage: true }); }
const overflow = await m.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
console.log('page overflows horizontally on mobile:', overflow);
await browser.close();
