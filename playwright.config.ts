import { defineConfig } from '@playwright/test';
import { BASE_URL } from './tests/e2e/paths';

// End-to-end tests drive the BUILT app (`node server.js`, started by global-setup.ts) in Debian's
// Chromium. Browsers are never downloaded: CI installs the `chromium` package instead.
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	outputDir: 'test-results',
	globalSetup: './tests/e2e/global-setup.ts',
	globalTeardown: './tests/e2e/global-teardown.ts',
	// One shared server and database, and a 2-core machine: one worker, files in order.
	workers: 1,
	fullyParallel: false,
	forbidOnly: Boolean(process.env.CI),
	retries: process.env.CI ? 1 : 0,
	// Specs walk several pages and check each with axe in two languages; the budget is per test.
	timeout: 180_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
	use: {
		baseURL: BASE_URL,
		browserName: 'chromium',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		// The first administrator is created through the one-time setup link; everything else
		// signs in as that administrator, so it runs first and the rest wait for it.
		{ name: 'first-run', testMatch: 'first-run.spec.ts' },
		{ name: 'app', testIgnore: 'first-run.spec.ts', dependencies: ['first-run'] }
	]
});
