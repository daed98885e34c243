import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import path from 'node:path';
import ts from 'typescript-eslint';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	globalIgnores([
		'build/',
		'.svelte-kit/',
		'drizzle/',
		'data/',
		'tests/e2e/.data/',
		'test-results/',
		'playwright-report/'
	]),
	js.configs.recommended,
	ts.configs.recommendedTypeChecked,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				// Typed rules (floating promises above all) need the type checker on every file,
				// .svelte included; the project service reads tsconfig.json like the editor does.
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		rules: {
			// TypeScript already reports undefined names, and knows the globals better than a list.
			// https://typescript-eslint.io/troubleshooting/faqs/eslint/#i-get-errors-from-the-no-undef-rule-about-global-variables-not-being-defined-even-though-there-are-no-typescript-errors
			'no-undef': 'off',
			// The point of typed linting here: an un-awaited write or a promise passed where a
			// callback's result is ignored loses errors silently.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			// `_name` marks a parameter a signature requires but the body does not use.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			],
			// `const [row] = await …returning(); row!.id` states an invariant for the reader; without
			// noUncheckedIndexedAccess the checker calls every such `!` redundant.
			'@typescript-eslint/no-unnecessary-type-assertion': 'off',
			// Form fields arrive as `unknown` or FormDataEntryValue and are turned into text on
			// purpose (`String(raw.name ?? '')`); an object or File there is a forged request that
			// validation then refuses. Template literals stay checked by restrict-template-expressions.
			'@typescript-eslint/no-base-to-string': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser } }
	},
	{
		files: ['**/*.svelte'],
		rules: {
			// The app is always served from the site root (adapter-node, no `paths.base`), so
			// wrapping every link in resolve() would only add noise.
			'svelte/no-navigation-without-resolve': 'off',
			// It flags URLSearchParams built inside a helper to compute an href, which is a
			// throwaway value, not state; reactive state is declared with $state.
			'svelte/prefer-svelte-reactivity': 'off',
			// SvelteKit types `data` and `form` of an un-annotated `$props()` for svelte-check only;
			// typescript-eslint sees them as unresolved and would flag every use. svelte-check
			// (`npm run check`) type-checks these files instead.
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off'
		}
	},
	{
		// Plain-JS entry points (server.js, socket-server.js, configs) carry JSDoc types only where
		// they matter; the no-unsafe-* family would ask for casts JavaScript cannot express.
		files: ['**/*.js'],
		rules: {
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off'
		}
	},
	{
		// Scratch .mjs/.cjs scripts sit outside tsconfig.json, so they get the untyped rules only.
		files: ['**/*.mjs', '**/*.cjs'],
		extends: [ts.configs.disableTypeChecked]
	}
);
