import { defineConfig } from 'vitest/config';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { socketIoDevPlugin } from './socket-server.js';

const ENGLISH_STUB = '\0khadamat:english-on-demand';

/**
 * In the browser, English messages load on demand (`loadCatalogue`), so a Persian page — a wall
 * board above all — never downloads them: the eager import is resolved to an empty module there.
 */
function englishOnDemand(): Plugin {
	return {
		name: 'khadamat-english-on-demand',
		enforce: 'pre',
		resolveId(source, _importer, options) {
			if (!options?.ssr && source.endsWith('/catalogue-en-eager')) return ENGLISH_STUB;
			return null;
		},
		load(id) {
			return id === ENGLISH_STUB ? 'export const en = undefined;' : null;
		}
	};
}

const integrationProjects = [
	{ name: 'integration-pglite', driver: 'pglite' },
	...(process.env.TEST_DATABASE_URL ? [{ name: 'integration-postgres', driver: 'postgres' }] : [])
];

export default defineConfig({
	plugins: [
		englishOnDemand(),
		socketIoDevPlugin(),
		sveltekit({
			compilerOptions: {
				// Force runes mode for the project, except for libraries. Can be removed in svelte 6.
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			adapter: adapter({ precompress: true })
		})
	],
	server: { port: 3000 },
	preview: { port: 3000 },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts']
				}
			},
			...integrationProjects.map(({ name, driver }) => ({
				extends: './vite.config.ts',
				test: {
					name,
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					setupFiles: ['tests/integration/setup.ts'],
					env: { TEST_DRIVER: driver },
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			}))
		]
	}
});
