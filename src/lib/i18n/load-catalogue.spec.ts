import { afterEach, describe, expect, it, vi } from 'vitest';

// The browser's view of the catalogues: no eager English, so `loadCatalogue('en')` must fetch it.
// Each case mocks that fetch its own way and imports a fresh copy of the module.
async function browserCatalogues(english: () => Promise<unknown>) {
	vi.resetModules();
	vi.doMock('./catalogue-en-eager', () => ({ en: undefined }));
	vi.doMock('./catalogue-en', english);
	return import('./index');
}

afterEach(() => {
	vi.doUnmock('./catalogue-en-eager');
	vi.doUnmock('./catalogue-en');
	vi.restoreAllMocks();
});

describe('loadCatalogue in the browser', () => {
	it('loads English on demand', async () => {
		const i18n = await browserCatalogues(() => Promise.resolve({ en: { 'app.name': 'Khadamat' } }));
		expect(i18n.translate('en', 'app.name')).toBe(i18n.translate('fa', 'app.name'));
		expect(await i18n.loadCatalogue('en')).toBe(true);
		expect(i18n.translate('en', 'app.name')).toBe('Khadamat');
	});

	it('falls back to Persian when the fetch fails, and tries again next time', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		let attempts = 0;
		const i18n = await browserCatalogues(() => {
			attempts += 1;
			return attempts === 1
				? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
				: Promise.resolve({ en: { 'app.name': 'Khadamat' } });
		});
		expect(await i18n.loadCatalogue('en')).toBe(false);
		expect(warn).toHaveBeenCalledOnce();
		expect(i18n.translate('en', 'app.name')).toBe(i18n.translate('fa', 'app.name'));
		expect(await i18n.loadCatalogue('en')).toBe(true);
		expect(i18n.translate('en', 'app.name')).toBe('Khadamat');
	});

	it('stops waiting for a fetch that never answers', async () => {
		const i18n = await browserCatalogues(() => new Promise(() => {}));
		const started = Date.now();
		expect(await i18n.loadCatalogue('en', 50)).toBe(false);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(i18n.translate('en', 'app.name')).toBe(i18n.translate('fa', 'app.name'));
	});

	it('never fetches for Persian', async () => {
		const english = vi.fn(() => Promise.resolve({ en: {} }));
		const i18n = await browserCatalogues(english);
		expect(await i18n.loadCatalogue('fa')).toBe(true);
		expect(english).not.toHaveBeenCalled();
	});
});
