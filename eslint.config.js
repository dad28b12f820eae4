import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const gitignore = fileURLToPath(new URL('./.gitignore', import.meta.url));

export default defineConfig(
	includeIgnoreFile(gitignore),
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript already knows which names exist; this rule cannot see type-only globals.
			'no-undef': 'off',
			// resolve() exists for apps served under a base path. Trellis is served at the root, and
			// its links are written as the plain paths they are; navigation in code is still checked.
			'svelte/no-navigation-without-resolve': ['error', { ignoreLinks: true }]
		}
	},
	{
		// Server code and tests, checked with types: a promise nobody awaits is a write that may
		// not have happened yet, or an error nobody hears.
		files: [
			'src/lib/server/**/*.ts',
			'src/lib/realtime/**/*.ts',
			'src/routes/**/*.server.ts',
			'src/routes/**/+server.ts',
			'src/hooks.server.ts',
			'tests/**/*.ts'
		],
		ignores: ['**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			// Handlers that start async work and report their own failures are passed where a
			// callback returns nothing; what matters is that no promise is left unawaited above.
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
