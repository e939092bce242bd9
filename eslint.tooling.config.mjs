// Lint for the tooling: the tests, the emulator, the harness, the scripts and the benchmark (`npm run lint:tooling`).
// The product (nodes/, credentials/) is linted by n8n's strict community-node rules instead (eslint.config.mjs,
// `npm run lint`), which only look at *.ts files; everything here is *.cts, *.cjs or *.js.
import { createRequire } from 'node:module';

import globals from 'globals';

// typescript-eslint and @eslint/js come with n8n's linter, which pins their versions: resolve them from
// @n8n/node-cli so that both lints use the same copy.
const fromN8nLinter = createRequire(createRequire(import.meta.url).resolve('@n8n/node-cli/eslint'));
const tseslint = fromN8nLinter('typescript-eslint');
const js = fromN8nLinter('@eslint/js');

export default tseslint.config(
	{ ignores: ['dist/**', 'nodes/**', 'credentials/**', 'coverage/**'] },
	{
		files: ['test/**/*.cts', 'scripts/**/*.cts', 'bench/**/*.cts'],
		extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
		languageOptions: {
			globals: globals.node,
			parserOptions: {
				project: ['./tsconfig.test.json'],
				tsconfigRootDir: import.meta.dirname,
			},
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			// Tests read JSON answers, parsed bodies and n8n's IDataObject, all typed `any` or loosely on
			// purpose; `npm run typecheck` checks the typed code. These would only ask for casts.
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			// n8n types every output value as IDataObject | GenericValue | ..., which includes objects: every
			// `String(item.json.id)` would be reported.
			'@typescript-eslint/no-base-to-string': 'off',
			'@typescript-eslint/restrict-template-expressions': 'off',
			// An async jest callback or route handler without `await` is harmless.
			'@typescript-eslint/require-await': 'off',
			// CommonJS tooling loads some modules lazily or in a fresh registry (jest.isolateModules).
			'@typescript-eslint/no-require-imports': 'off',
			// Leaving out properties with a rest pattern, or naming an unused parameter `_x`, is deliberate.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
	{
		// scripts/real-n8n/e2e.cts types its cleanups `() => Promise<unknown> | unknown`: remove this override once it
		// reads `() => unknown`.
		files: ['scripts/real-n8n/**'],
		rules: { '@typescript-eslint/no-redundant-type-constituents': 'off' },
	},
	{
		files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: globals.node },
	},
	{
		files: ['**/*.cjs', '**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
	},
);
