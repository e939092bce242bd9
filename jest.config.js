// Three projects. `npm test` (2 workers) and `npm run test:fast` (4 workers) run unit and integration: most node
// tests wait on Gini's pace rather than the CPU, so more workers than jest's default (cores - 1) pay off.
// `npm run test:soak` runs soak, which .ci/run and the CI workflow run as a step of its own.
//   unit         pure modules, the emulator and the fixtures (no n8n engine)
//   integration  the node inside n8n-core's engine (test/integration, test/harness)
//   soak         runs of 1,000 uploads, the whole fault matrix, and anything else over 30 s: *.soak.test.cts

/** @type {import('jest').Config} */
const common = {
	testEnvironment: 'node',
	// A limit for a hung test, not a speed check: on a machine shared with other jobs a node test that takes 1 s
	// alone took over jest's default 5 s. Tests that wait on purpose set their own.
	testTimeout: 30_000,
	setupFiles: ['<rootDir>/test/setup/env.cjs'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
};

const SOAK = '\\.soak\\.test\\.cts$';

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: [
				'<rootDir>/test/unit/**/*.test.cts',
				'<rootDir>/test/emulator/**/*.test.cts',
				'<rootDir>/test/fixtures/**/*.test.cts',
			],
			testPathIgnorePatterns: ['/node_modules/', SOAK],
		},
		{
			...common,
			displayName: 'integration',
			testMatch: [
				'<rootDir>/test/integration/**/*.test.cts',
				'<rootDir>/test/harness/**/*.test.cts',
			],
			testPathIgnorePatterns: ['/node_modules/', SOAK],
		},
		{
			...common,
			displayName: 'soak',
			testMatch: ['<rootDir>/test/**/*.soak.test.cts'],
		},
	],
};
