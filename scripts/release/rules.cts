/**
 * The rules of a release, as pure functions (`scripts/release.cts` applies them; test/unit/release.test.cts tests
 * them): which package.json values are still placeholders, whether package.json names the repository that runs the
 * publish workflow, versions (semantic versioning) and how CHANGELOG.md's "Unreleased" becomes a version.
 */

/** The placeholder repository this package was written with; the real public repository replaces it. */
export const PLACEHOLDER_REPOSITORY = 'github.com/n8n-nodes-gini-pay/n8n-nodes-gini-pay';
/** The placeholder author's name; its e-mail address is on the reserved `.invalid` domain (RFC 2606). */
export const PLACEHOLDER_AUTHOR = 'n8n-nodes-gini-pay developers';

export interface Manifest {
	name?: string;
	version?: string;
	homepage?: string;
	bugs?: string | { url?: string };
	repository?: string | { url?: string };
	author?: string | { name?: string; email?: string };
}

function urlOf(field: string | { url?: string } | undefined): string {
	return (typeof field === 'string' ? field : field?.url) ?? '';
}

/** What in package.json still has to be filled in before a publish; empty when nothing. */
export function placeholderProblems(manifest: Manifest): string[] {
	const problems: string[] = [];
	const fields: Array<[string, string]> = [
		['repository.url', urlOf(manifest.repository)],
		['homepage', manifest.homepage ?? ''],
		['bugs.url', urlOf(manifest.bugs)],
	];
	for (const [name, value] of fields) {
		if (value === '') problems.push(`${name} is missing: the public repository's address`);
		else if (value.includes(PLACEHOLDER_REPOSITORY))
			problems.push(`${name} is the placeholder ${value}: set the public repository's address`);
	}
	const author =
		typeof manifest.author === 'string' ? { name: manifest.author } : (manifest.author ?? {});
	const name = author.name ?? '';
	const email = author.email ?? /<([^>]+)>/.exec(name)?.[1] ?? '';
	if (name === '' || name.startsWith(PLACEHOLDER_AUTHOR))
		problems.push(
			`author.name is ${name ? 'the placeholder' : 'missing'}: the npm maintainer's name`,
		);
	if (email === '' || /\.(invalid|example|test)$/i.test(email) || /@example\./i.test(email))
		problems.push(
			`author.email is ${email ? `the placeholder ${email}` : 'missing'}: the npm maintainer's address`,
		);
	return problems;
}

/** `git+https://github.com/Owner/Repo.git` → `https://github.com/owner/repo`, for comparing. */
export function normalizeRepositoryUrl(url: string): string {
	return url
		.trim()
		.replace(/^git\+/, '')
		.replace(/^git:\/\//, 'https://')
		.replace(/^ssh:\/\/git@/, 'https://')
		.replace(/^git@([^:]+):/, 'https://$1/')
		.replace(/\.git$/, '')
		.replace(/\/+$/, '')
		.toLowerCase();
}

/**
 * npm refuses a provenance publish (E422) when `repository.url` is not the repository that runs the workflow;
 * this says so before npm does. `server` and `repository` are GitHub's GITHUB_SERVER_URL and GITHUB_REPOSITORY.
 */
export function repositoryMismatch(
	manifest: Manifest,
	server: string,
	repository: string,
): string | undefined {
	const expected = normalizeRepositoryUrl(`${server}/${repository}`);
	const actual = normalizeRepositoryUrl(urlOf(manifest.repository));
	return actual === expected
		? undefined
		: `repository.url is ${urlOf(manifest.repository) || 'missing'}, but this workflow runs in ${server}/${repository}: npm refuses a provenance publish unless they match`;
}

export interface Version {
	major: number;
	minor: number;
	patch: number;
	prerelease: string[];
}

const VERSION =
	/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseVersion(text: string): Version | undefined {
	const match = VERSION.exec(text);
	if (!match) return undefined;
	return {
		major: Number(match[1]),
		minor: Number(match[2]),
		patch: Number(match[3]),
		prerelease: match[4] ? match[4].split('.') : [],
	};
}

/** Semantic-versioning precedence: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
	const x = parseVersion(a);
	const y = parseVersion(b);
	if (!x || !y) throw new Error(`not a version: ${x ? b : a}`);
	for (const key of ['major', 'minor', 'patch'] as const)
		if (x[key] !== y[key]) return x[key] - y[key];
	if (x.prerelease.length === 0 || y.prerelease.length === 0)
		return y.prerelease.length - x.prerelease.length;
	for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
		const p = x.prerelease[i];
		const q = y.prerelease[i];
		if (p === undefined) return -1;
		if (q === undefined) return 1;
		if (p === q) continue;
		const pn = /^\d+$/.test(p);
		const qn = /^\d+$/.test(q);
		if (pn && qn) return Number(p) - Number(q);
		if (pn !== qn) return pn ? -1 : 1;
		return p < q ? -1 : 1;
	}
	return 0;
}

export type Bump = 'major' | 'minor' | 'patch';

/** The version after `current` for a bump, or `target` itself when it is a version. */
export function nextVersion(current: string, target: string): string {
	if (parseVersion(target)) return target;
	const version = parseVersion(current);
	if (!version) throw new Error(`package.json's version ${current} is not a semantic version`);
	const { major, minor, patch, prerelease } = version;
	const pre = prerelease.length > 0;
	switch (target) {
		case 'major':
			return pre && minor === 0 && patch === 0 ? `${major}.0.0` : `${major + 1}.0.0`;
		case 'minor':
			return pre && patch === 0 ? `${major}.${minor}.0` : `${major}.${minor + 1}.0`;
		case 'patch':
			return pre ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
		default:
			throw new Error(`not a version nor major, minor or patch: ${target}`);
	}
}

/** The versions CHANGELOG.md has released: its `## [x.y.z] - date` headings, newest first as written. */
export function releasedVersions(changelog: string): string[] {
	return [...changelog.matchAll(/^## \[([^\]]+)\]/gm)]
		.map((match) => match[1])
		.filter((version) => parseVersion(version) !== undefined);
}

/** Why `version` cannot be released now (given package.json's version and CHANGELOG.md), or undefined. */
export function versionProblem(
	version: string,
	packageVersion: string,
	changelog: string,
): string | undefined {
	if (!parseVersion(version)) return `${version} is not a semantic version (x.y.z or x.y.z-pre.n)`;
	const released = releasedVersions(changelog);
	if (released.includes(version)) return `CHANGELOG.md already has a section for ${version}`;
	const newest = released.reduce<string | undefined>(
		(a, b) => (a === undefined || compareVersions(b, a) > 0 ? b : a),
		undefined,
	);
	if (newest && compareVersions(version, newest) <= 0)
		return `${version} is not after ${newest}, the newest version in CHANGELOG.md`;
	if (compareVersions(version, packageVersion) < 0)
		return `${version} is before package.json's version ${packageVersion}`;
	return undefined;
}

/** Keep a Changelog's order of change types; others keep their place after these. */
const TYPES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

/**
 * CHANGELOG.md with its "Unreleased" entries moved under `## [version] - date`, and an empty "Unreleased" above.
 * Subsections of one type that merges left repeated (two `### Added`) become one, in Keep a Changelog's order.
 * Throws when "Unreleased" is missing or has no entry: there is nothing to release.
 */
export function moveUnreleased(changelog: string, version: string, date: string): string {
	const heading = /^## \[Unreleased\][^\n]*\n/m.exec(changelog);
	if (!heading) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const start = heading.index + heading[0].length;
	const next = /^## \[/m.exec(changelog.slice(start));
	const end = next ? start + next.index : changelog.length;
	const body = changelog.slice(start, end);
	if (!/^\s*[-*] /m.test(body))
		throw new Error('CHANGELOG.md\'s "Unreleased" has no entry: nothing to release');

	const parts = body.split(/^(?=### )/m);
	const intro = parts[0].trim();
	const sections = new Map<string, string[]>();
	for (const part of parts.slice(1)) {
		const [title, ...lines] = part.split('\n');
		const type = title.replace(/^###\s*/, '').trim();
		const entries = lines.join('\n').trim();
		if (entries === '') continue;
		sections.set(type, [...(sections.get(type) ?? []), entries]);
	}
	const order = [...sections.keys()].sort((a, b) => {
		const i = TYPES.indexOf(a);
		const j = TYPES.indexOf(b);
		return (i === -1 ? TYPES.length : i) - (j === -1 ? TYPES.length : j);
	});
	const released = [
		`## [${version}] - ${date}`,
		...(intro ? [intro] : []),
		...order.map((type) => `### ${type}\n${sections.get(type)!.join('\n')}`),
	].join('\n\n');
	const rest = changelog.slice(end);
	return `${changelog.slice(0, start)}\n${released}\n${rest ? `\n${rest}` : ''}`;
}

/** Whether a git tag names this version: the bare version, as the starter's publish workflow expects, or v<version>. */
export function tagMatches(tag: string, version: string): boolean {
	return tag === version || tag === `v${version}`;
}
