import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	compareVersions,
	moveUnreleased,
	nextVersion,
	normalizeRepositoryUrl,
	placeholderProblems,
	releasedVersions,
	repositoryMismatch,
	tagMatches,
	versionProblem,
} from '../../scripts/release/rules.cts';

const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const REAL = {
	name: 'n8n-nodes-gini-pay',
	version: '0.2.0',
	homepage: 'https://github.com/acme/n8n-nodes-gini-pay#readme',
	bugs: { url: 'https://github.com/acme/n8n-nodes-gini-pay/issues' },
	repository: { type: 'git', url: 'git+https://github.com/acme/n8n-nodes-gini-pay.git' },
	author: { name: 'Jane Doe', email: 'jane@acme.de' },
};

describe('placeholders in package.json', () => {
	it('names every placeholder this package still has, so that a publish is refused', () => {
		const problems = placeholderProblems(manifest);
		for (const field of ['repository.url', 'homepage', 'bugs.url', 'author.name', 'author.email'])
			expect(problems.some((problem) => problem.startsWith(field))).toBe(true);
	});

	it('has nothing to say about a filled-in package.json, in either author form', () => {
		expect(placeholderProblems(REAL)).toEqual([]);
		expect(placeholderProblems({ ...REAL, author: 'Jane Doe <jane@acme.de>' })).toEqual([]);
	});

	it('refuses missing fields and reserved example addresses', () => {
		expect(placeholderProblems({ ...REAL, bugs: undefined })).toEqual([
			"bugs.url is missing: the public repository's address",
		]);
		expect(
			placeholderProblems({ ...REAL, author: { name: 'Jane Doe', email: 'jane@example.com' } }),
		).toHaveLength(1);
	});
});

describe('the repository that runs the publish workflow', () => {
	it('matches package.json however the URL is written', () => {
		expect(normalizeRepositoryUrl('git+https://github.com/Acme/n8n-nodes-gini-pay.git')).toBe(
			'https://github.com/acme/n8n-nodes-gini-pay',
		);
		expect(normalizeRepositoryUrl('git@github.com:acme/n8n-nodes-gini-pay.git')).toBe(
			'https://github.com/acme/n8n-nodes-gini-pay',
		);
		expect(
			repositoryMismatch(REAL, 'https://github.com', 'acme/n8n-nodes-gini-pay'),
		).toBeUndefined();
	});

	it('says why npm would answer E422 when package.json names another repository', () => {
		expect(repositoryMismatch(REAL, 'https://github.com', 'fork/n8n-nodes-gini-pay')).toMatch(
			/runs in https:\/\/github.com\/fork\/n8n-nodes-gini-pay/,
		);
	});
});

describe('versions', () => {
	it('bumps by semantic versioning', () => {
		expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
		expect(nextVersion('0.1.3', 'minor')).toBe('0.2.0');
		expect(nextVersion('0.9.3', 'major')).toBe('1.0.0');
		expect(nextVersion('1.0.0-rc.2', 'major')).toBe('1.0.0');
		expect(nextVersion('1.2.0-rc.1', 'minor')).toBe('1.2.0');
		expect(nextVersion('0.1.0', '0.1.0')).toBe('0.1.0');
		expect(() => nextVersion('0.1.0', 'next')).toThrow(/major, minor or patch/);
	});

	it('orders pre-releases before their release', () => {
		const sorted = ['1.0.0', '1.0.0-rc.10', '1.0.0-rc.2', '0.9.9', '1.0.0-alpha', '1.0.1'].sort(
			compareVersions,
		);
		expect(sorted).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0', '1.0.1']);
	});

	it('releases a version only once and only forwards', () => {
		const changelog =
			'# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-04\n\n## [0.1.0] - 2026-12-10\n';
		expect(releasedVersions(changelog)).toEqual(['0.2.0', '0.1.0']);
		expect(versionProblem('0.2.0', '0.2.0', changelog)).toMatch(/already has a section/);
		expect(versionProblem('0.1.5', '0.2.0', changelog)).toMatch(/not after 0.2.0/);
		expect(versionProblem('0.3.0', '0.2.0', changelog)).toBeUndefined();
		expect(versionProblem('0.3', '0.2.0', changelog)).toMatch(/not a semantic version/);
		// The first release may keep package.json's version when CHANGELOG.md has released nothing yet.
		expect(versionProblem('0.1.0', '0.1.0', '## [Unreleased]\n- a\n')).toBeUndefined();
	});

	it('takes a tag with or without v', () => {
		expect(tagMatches('0.2.0', '0.2.0')).toBe(true);
		expect(tagMatches('v0.2.0', '0.2.0')).toBe(true);
		expect(tagMatches('0.2.1', '0.2.0')).toBe(false);
		expect(tagMatches('', '0.2.0')).toBe(false);
	});
});

describe('CHANGELOG.md at a release', () => {
	const before = [
		'# Changelog',
		'',
		'Intro.',
		'',
		'## [Unreleased]',
		'',
		'### Fixed',
		'- Fix one.',
		'',
		'### Added',
		'- Feature one,',
		'  on two lines.',
		'',
		'### Added',
		'- Feature two.',
		'',
		'## [0.1.0] - 2026-12-10',
		'',
		'### Added',
		'- The start.',
		'',
	].join('\n');

	it('moves "Unreleased" under the version, merges repeated types and keeps an empty "Unreleased" on top', () => {
		expect(moveUnreleased(before, '0.2.0', '2027-01-04')).toBe(
			[
				'# Changelog',
				'',
				'Intro.',
				'',
				'## [Unreleased]',
				'',
				'## [0.2.0] - 2027-01-04',
				'',
				'### Added',
				'- Feature one,',
				'  on two lines.',
				'- Feature two.',
				'',
				'### Fixed',
				'- Fix one.',
				'',
				'## [0.1.0] - 2026-12-10',
				'',
				'### Added',
				'- The start.',
				'',
			].join('\n'),
		);
	});

	it('keeps every entry of this package\'s own "Unreleased"', () => {
		const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
		const entries = (text: string) =>
			text
				.split('\n')
				.filter((line) => /^[-*] /.test(line))
				.sort();
		const moved = moveUnreleased(changelog, '0.1.0', '2027-01-04');
		expect(entries(moved)).toEqual(entries(changelog));
		expect(releasedVersions(moved)[0]).toBe('0.1.0');
		expect(moved.split('\n').filter((line) => line === '### Added')).toHaveLength(
			releasedVersions(changelog).length + 1,
		);
	});

	it('refuses to release an empty "Unreleased"', () => {
		expect(() =>
			moveUnreleased('## [Unreleased]\n\n## [0.1.0] - 2026-12-10\n- a\n', '0.2.0', 'd'),
		).toThrow(/nothing to release/);
		expect(() => moveUnreleased('# Changelog\n', '0.2.0', 'd')).toThrow(/no "## \[Unreleased\]"/);
	});
});
