/**
 * `npm run release`: the release path (CONTRIBUTING.md, Releasing).
 *
 *   npm run release -- --dry-run
 *       Lints, builds, checks and scans the package, packs it, and stops before publishing. Placeholders in
 *       package.json and a version without a CHANGELOG section are reported but do not stop a dry run.
 *   npm run release
 *       Only in GitHub Actions (.github/workflows/publish.yml, on a version tag): refuses while package.json holds
 *       placeholders, when package.json's repository is not the one running the workflow, when the tag is not
 *       package.json's version or CHANGELOG.md has no section for it; then the same steps as the dry run, then
 *       `npm publish` with provenance. This is what `n8n-node release` does in GitHub Actions (lint, build, then
 *       `npm publish` with NPM_CONFIG_PROVENANCE=true and RELEASE_MODE=true, which lets package.json's
 *       `prepublishOnly: n8n-node prerelease` through), with this package's own checks added.
 *   npm run release -- version <patch|minor|major|x.y.z>
 *       Locally, on a clean work tree: moves CHANGELOG.md's "Unreleased" to the version with today's date, sets the
 *       version in package.json and package-lock.json, commits `chore(release): <version>` and tags `<version>`.
 *       Pushing the tag starts the publish workflow.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	compareVersions,
	type Manifest,
	moveUnreleased,
	nextVersion,
	placeholderProblems,
	releasedVersions,
	repositoryMismatch,
	tagMatches,
	versionProblem,
} from './release/rules.cts';

const ROOT = path.join(__dirname, '..');
/** npm's first version with trusted publishing (OIDC). */
const TRUSTED_PUBLISHING_NPM = '11.5.1';

function readManifest(): Manifest & { version: string } {
	return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest & {
		version: string;
	};
}

function readChangelog(): string {
	return readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
	console.log(`\n== ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	});
	if (result.status !== 0)
		throw new ReleaseError(
			`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`,
		);
}

function output(command: string, args: string[]): string {
	return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

class ReleaseError extends Error {}

function refuse(problems: string[], heading: string): void {
	if (problems.length > 0) throw new ReleaseError(`${heading}\n  - ${problems.join('\n  - ')}`);
}

/** What stops a publish from here, whatever the mode; a dry run prints these instead. */
function preflight(manifest: Manifest & { version: string }, inActions: boolean): string[] {
	const problems = placeholderProblems(manifest);
	if (!releasedVersions(readChangelog()).includes(manifest.version))
		problems.push(
			`CHANGELOG.md has no section for ${manifest.version}: run \`npm run release -- version <patch|minor|major|x.y.z>\` first`,
		);
	if (inActions) {
		const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
		const repository = process.env.GITHUB_REPOSITORY ?? '';
		const mismatch = repositoryMismatch(manifest, server, repository);
		if (mismatch) problems.push(mismatch);
		const tag = process.env.GITHUB_REF_TYPE === 'tag' ? (process.env.GITHUB_REF_NAME ?? '') : '';
		if (!tagMatches(tag, manifest.version))
			problems.push(
				tag
					? `the tag ${tag} is not package.json's version ${manifest.version}`
					: `this run is not for a tag (${process.env.GITHUB_REF ?? 'no ref'}); the publish workflow runs on version tags`,
			);
		const npmVersion = output('npm', ['--version']);
		if (!process.env.NPM_TOKEN && compareVersions(npmVersion, TRUSTED_PUBLISHING_NPM) < 0)
			problems.push(
				`npm ${npmVersion} cannot use trusted publishing (${TRUSTED_PUBLISHING_NPM} or newer can), and no NPM_TOKEN is set`,
			);
	}
	return problems;
}

/** Lint, build, package contents, pack, the scanner on the packed tarball; returns the tarball. */
function checkAndPack(work: string): string {
	run('npm', ['run', '-s', 'lint']);
	run('npm', ['run', '-s', 'build']);
	run('npm', ['run', '-s', 'check:pack']);
	console.log('\n== npm pack');
	const [pack] = JSON.parse(
		output('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work]),
	) as Array<{ filename: string; size: number; entryCount: number }>;
	const tarball = path.join(work, pack.filename);
	console.log(`${pack.filename}: ${pack.entryCount} files, ${Math.round(pack.size / 1024)} KiB`);
	run('npm', ['run', '-s', 'scan', '--', '--tarball', tarball]);
	return tarball;
}

function release(dryRun: boolean): void {
	const inActions = process.env.GITHUB_ACTIONS === 'true';
	if (!dryRun && !inActions)
		throw new ReleaseError(
			'npm run release publishes only in GitHub Actions (.github/workflows/publish.yml, started by a version tag), ' +
				'where npm adds the provenance statement n8n requires. To release: `npm run release -- version <patch|minor|major|x.y.z>`, ' +
				'then push the commit and the tag. To try the release path here: `npm run release -- --dry-run`.',
		);
	const manifest = readManifest();
	const problems = preflight(manifest, inActions);
	if (!dryRun) refuse(problems, `Not publishing ${manifest.name}@${manifest.version}:`);

	const work = mkdtempSync(path.join(tmpdir(), 'gini-release-'));
	try {
		const tarball = checkAndPack(work);
		if (dryRun) {
			console.log(
				`\nDry run: ${manifest.name}@${manifest.version} is linted, built, checked, scanned and packed (${path.basename(tarball)}); stopping before \`npm publish --provenance\`.`,
			);
			if (problems.length > 0)
				console.log(
					`A publish would be refused now:\n  - ${problems.join('\n  - ')}\n(CONTRIBUTING.md, Releasing.)`,
				);
			return;
		}
		run('npm', ['publish', '--provenance'], {
			RELEASE_MODE: 'true',
			NPM_CONFIG_PROVENANCE: 'true',
		});
		console.log(`\nPublished ${manifest.name}@${manifest.version} with provenance.`);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

function today(): string {
	return new Date().toISOString().slice(0, 10);
}

function version(target: string | undefined): void {
	if (!target)
		throw new ReleaseError('Usage: npm run release -- version <patch|minor|major|x.y.z>');
	if (output('git', ['status', '--porcelain']) !== '')
		throw new ReleaseError('The work tree has changes: commit or stash them first.');
	const manifest = readManifest();
	const changelog = readChangelog();
	const next = nextVersion(manifest.version, target);
	const problem = versionProblem(next, manifest.version, changelog);
	if (problem) throw new ReleaseError(problem);
	if (output('git', ['tag', '--list', next]) !== '')
		throw new ReleaseError(`The tag ${next} exists already.`);

	writeFileSync(path.join(ROOT, 'CHANGELOG.md'), moveUnreleased(changelog, next, today()));
	if (next !== manifest.version)
		run('npm', ['version', next, '--no-git-tag-version', '--ignore-scripts']);
	run('git', ['add', 'CHANGELOG.md', 'package.json', 'package-lock.json']);
	run('git', ['commit', '-m', `chore(release): ${next}`]);
	run('git', ['tag', '-a', next, '-m', next]);
	const problems = placeholderProblems(manifest);
	console.log(
		`\n${manifest.name} ${next}: CHANGELOG.md, package.json and package-lock.json committed, tag ${next} made.\n` +
			`Push both to publish: git push && git push origin ${next}` +
			(problems.length > 0
				? `\nBut the publish workflow will refuse while package.json holds placeholders:\n  - ${problems.join('\n  - ')}`
				: ''),
	);
}

function main(args: string[]): number {
	// `npm run release --dry-run` (without `--`) reaches us as npm_config_dry_run; the npm commands this runs must
	// not inherit it (npm pack would write no tarball).
	const dryRunFromNpm = process.env.npm_config_dry_run === 'true';
	delete process.env.npm_config_dry_run;
	try {
		if (args[0] === 'version') version(args[1]);
		else {
			const unknown = args.filter((arg) => arg !== '--dry-run');
			if (unknown.length > 0)
				throw new ReleaseError(
					`Unknown argument ${unknown.join(' ')}. Usage: npm run release [-- --dry-run] | npm run release -- version <patch|minor|major|x.y.z>`,
				);
			release(args.includes('--dry-run') || dryRunFromNpm);
		}
		return 0;
	} catch (error) {
		if (!(error instanceof ReleaseError)) throw error;
		console.error(`\n${error.message}`);
		return 1;
	}
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
