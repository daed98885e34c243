import { chromium } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
const B = 'http://localhost:5187';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } }); const page = await context.newPage();
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
await page.goto(B + '/login');
await page.fill('#username', 'boss'); await page.fill('#password', 'boss-password-long');
await Promise.all([page.waitForURL(B + '/'), page.click('main button[type=submit]')]);
async function axe(label) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = r.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  console.log(label, page.url(), 'violations:', bad.length, bad.map((v) => v.id + ' ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')).join('; '));
}
const paths = ['/admin/users', '/admin/users/new', '/admin/users/2', '/admin/roles', '/admin/roles/1', '/admin/roles/3', '/admin/groups', '/admin/groups/1'];
for (const lang of ['fa', 'en']) {
  for (const p of paths) {
    const resp = await page.goto(B + p);
    await axe(`${lang} ${resp.status()}`);
    await page.screenshot({ path: `/tmp/admin-dev/shots/${lang}${p.replaceAll('/', '_')}.png`, fullPage: true });
  }
  await page.click('[data-testid=language-switch]'); await page.waitForTimeout(800);
}
// create user through the form with a validation failure first
await page.goto(B + '/admin/users/new');
await page.fill('#username', 'نام');
await page.fill('#displayName', 'زهرا احمدي');
await page.fill('#password', '1234567890');
await page.fill('#mobile', '۰۹۱۲۱۱۱۲۲۳۳');
await page.check('input[name=roleIds][value="9"]');
await page.click('main button[type=submit]');
await page.waitForTimeout(1500);
console.log('errors after bad submit:', await page.locator('.field-error').allTextContents(), await page.locator('.alert').allTextContents());
console.log('kept name:', await page.inputValue('#displayName'), 'mobile:', await page.inputValue('#mobile'), 'agent checked:', await page.isChecked('input[name=roleIds][value="9"]'));
await page.screenshot({ path: `/tmp/admin-dev/shots/new-errors.png`, fullPage: true });
await axe('errors-form');
await page.fill('#username', 'zahra');
await page.fill('#password', 'zahra-password-ok');
await page.uncheck('input[name=roleIds][value="9"]');
await page.check('input[name=roleIds][value="4"]');
await page.check('#direct-grants-reports-manage');
await Promise.all([page.waitForURL(/\/admin\/users\/\d+/), page.click('main button[type=submit]')]);
console.log('after create:', page.url(), await page.locator('.alert').allTextContents());
console.log('reports manage checked:', await page.isChecked('#direct-grants-reports-manage'));
await page.fill('#personnelNo', '۷۷۷');
await page.click('main button[type=submit]'); await page.waitForTimeout(1500);
console.log('after save:', await page.locator('.alert').allTextContents(), await page.inputValue('#personnelNo'));
// stale: edit via API in the meantime
await browser.close();
