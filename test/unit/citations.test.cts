/**
 * Every citation in the repository points at something a reader of the repository can open: a document it holds
 * (with a section that exists, for `§N` citations), or a public source. Not allowed: a `*.md` the repository does
 * not hold, a relative path that leaves the repository, an issue or PR number that does not name its repository,
 * an absolute path of some machine (a work, temporary or user folder), a "seed" note.
 *
 * Scans every tracked text file but this one, whose examples of bad citations are the rules' own tests; they are put
 * together from parts (`bad`), so that this file holds none of them as written either.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SELF = path.relative(REPO_ROOT, __filename).split(path.sep).join('/');

interface Finding {
	file: string;
	line: number;
	rule: string;
	text: string;
}

/** Where a repository file can be read; tests pass their own world. */
interface Repo {
	exists(relativePath: string): boolean;
	read(relativePath: string): string;
}

const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)>\]'"`]+/gi;
/** A `*.md` name; one quoted as a string in code (`'results.md': …`) names a file the code writes, not a source. */
const MD_NAME = /(?<![\w/.:~$'"-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*[\w-]+\.md)(?![\w/'"-])/g;
const ESCAPING_PATH = /(?<![\w./])((?:\.\.\/)+)[\w.-]+/g;
const NUMBERED_REFERENCE = /\b(?:issues?|PRs?|pull requests?)\s*#?\d+\b|(?<![\w&#/:])#\d+\b/gi;
const NAMES_ITS_REPOSITORY = /[\w.-]+\/[\w.-]+`?\s*$/;
const MACHINE_PATH = /(?<![\w}\].:~$-])\/(?:work|tmp|root|mnt|Users|home\/(?!node\/)[\w.-]+)\//g;
const SEED_NOTE = /\bseeds?\s+\d{3}\b/gi;
const SECTIONS_AFTER_NAME =
	/^[\s*/#]*§\s*\d+(?:\.\d+)*(?:\s*[-–]\s*§?\s*\d+(?:\.\d+)*)?(?:\s*(?:,|and)\s*§\s*\d+(?:\.\d+)*(?:\s*[-–]\s*§?\s*\d+(?:\.\d+)*)?)*/;
const SECTION_NUMBER = /\d+(?:\.\d+)*/g;
const HEADING_NUMBER = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm;

function lineOf(text: string, index: number): number {
	return text.slice(0, index).split('\n').length;
}

/** Blanks URLs out (same length, so positions stay): what a URL names is public by definition. */
function withoutUrls(text: string): string {
	return text.replace(URL, (url) => ' '.repeat(url.length));
}

/** The repository path a citation in `file` means, or undefined when none exists inside the repository. */
function resolveDocument(repo: Repo, file: string, cited: string): string | undefined {
	const candidates = [
		path.posix.join(path.posix.dirname(file), cited),
		path.posix.normalize(cited),
	];
	return candidates.find((candidate) => !candidate.startsWith('..') && repo.exists(candidate));
}

function sectionsOf(repo: Repo, document: string): Set<string> {
	return new Set([...repo.read(document).matchAll(HEADING_NUMBER)].map((match) => match[1]));
}

export function findBadCitations(repo: Repo, file: string, original: string): Finding[] {
	const text = withoutUrls(original);
	const findings: Finding[] = [];
	const add = (index: number, rule: string, found: string) =>
		findings.push({ file, line: lineOf(text, index), rule, text: found });

	for (const match of text.matchAll(MD_NAME)) {
		const cited = match[1];
		const document = resolveDocument(repo, file, cited);
		if (!document) {
			add(match.index, 'a document the repository does not hold', cited);
			continue;
		}
		const after = SECTIONS_AFTER_NAME.exec(text.slice(match.index + match[0].length));
		if (!after) continue;
		const known = sectionsOf(repo, document);
		for (const [section] of after[0].matchAll(SECTION_NUMBER)) {
			if (!known.has(section))
				add(match.index, `a section ${document} does not have`, `${cited} §${section}`);
		}
	}
	for (const match of text.matchAll(ESCAPING_PATH)) {
		const target = path.posix.join(path.posix.dirname(file), match[0]);
		if (target.startsWith('..')) add(match.index, 'a path outside the repository', match[0]);
	}
	for (const match of text.matchAll(NUMBERED_REFERENCE)) {
		if (!NAMES_ITS_REPOSITORY.test(text.slice(Math.max(0, match.index - 60), match.index))) {
			add(match.index, 'an issue or PR number without its repository (owner/name#N)', match[0]);
		}
	}
	for (const match of text.matchAll(MACHINE_PATH))
		add(match.index, "a path on someone's machine", match[0]);
	for (const match of text.matchAll(SEED_NOTE))
		add(match.index, 'a note outside the repository', match[0]);
	return findings;
}

function trackedTextFiles(): string[] {
	const listed = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' });
	return listed
		.split('\0')
		.filter((file) => file !== '' && file !== SELF && file !== 'package-lock.json')
		.filter((file) => existsSync(path.join(REPO_ROOT, file)))
		.filter((file) => !readFileSync(path.join(REPO_ROOT, file)).subarray(0, 8000).includes(0));
}

const workingTree: Repo = {
	exists: (file) => existsSync(path.join(REPO_ROOT, file)),
	read: (file) => readFileSync(path.join(REPO_ROOT, file), 'utf8'),
};

/** Parts of the bad citations the rules must refuse, joined only when a test runs. */
const bad = {
	markdownFile: (name: string) => `${name}.${'md'}`,
	outside: ['..', 'shared', 'docs', 'notes'].join('/'),
	workPath: ['', 'work', 'shared', 'docs', 'gini-api.md'].join('/'),
	tmpPath: ['', 'tmp', 'b'].join('/'),
	issue: ['issue', '5'].join(' '),
	Issue: ['Issue', '5'].join(' '),
};

describe('citations in the repository', () => {
	it('point only at documents and sections the repository holds, or at public sources', () => {
		const files = trackedTextFiles();
		expect(files.length).toBeGreaterThan(50);
		const findings = files.flatMap((file) =>
			findBadCitations(workingTree, file, readFileSync(path.join(REPO_ROOT, file), 'utf8')),
		);
		expect(findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.text}`)).toEqual([]);
	});
});

describe('the citation rules', () => {
	const world: Record<string, string> = {
		'README.md': '# Readme',
		'docs/gini-api.md': '# API\n## 4. Pay API\n### 4.2 List\n### 4.3 Get\n#### 4.1.1 Partials\n',
		'test/emulator/README.md': '# Emulator',
	};
	const repo: Repo = { exists: (file) => file in world, read: (file) => world[file] ?? '' };
	const rulesBroken = (file: string, text: string) =>
		findBadCitations(repo, file, text).map((f) => f.rule);

	it.each([
		[
			'an in-repo document and its sections',
			'nodes/a.ts',
			'// listing (docs/gini-api.md §4.2, §4.3; §4.1.1)',
		],
		['a section range', 'nodes/a.ts', '// (docs/gini-api.md §4.2-4.3)'],
		[
			'a citation wrapped onto the next comment line',
			'nodes/a.ts',
			'/* (docs/gini-api.md\n * §4.3). */',
		],
		['a file beside the citing one', 'test/emulator/x.cts', '// see README.md "Processing"'],
		['a document at the root', 'nodes/a.ts', '// README.md'],
		[
			'a public URL ending in .md',
			'README.md',
			`https://docs.n8n.io/x/${bad.markdownFile('guidelines')}`,
		],
		[
			'an issue that names its repository',
			'test/a.cts',
			'// n8n-io/n8n#34107, n8n-io/n8n PR #35064',
		],
		["a path inside n8n's Docker image", 'README.md', 'keep `/home/node/.n8n` on a volume'],
		['a URL path built in code', 'scripts/a.cts', 'page.goto(`${base}/home/credentials/create`)'],
		[
			'an import within the repository',
			'nodes/GiniPay/actions/a.ts',
			"import { x } from '../../shared/urls';",
		],
		['PKCS#8 and similar names', 'credentials/a.ts', "'PEM (PKCS#8, PKCS#1 or SEC1)'"],
		['a colour', 'scripts/a.cts', "'.small{fill:#555}'"],
		['a file name the code writes', 'scripts/a.cts', "{ 'results.md': markdown(run) }"],
		['a repository in a code span', 'docs/gini-api.md', 'an open proposal, `n8n-io/n8n` PR #38927'],
	])('accepts %s', (_what, file, text) => {
		expect(rulesBroken(file, text)).toEqual([]);
	});

	it.each([
		['a bare name of a document held elsewhere', 'nodes/a.ts', '// (gini-api.md §4.2)'],
		['an outside note', 'nodes/a.ts', `// (${bad.markdownFile('outside-notes')} §3.2)`],
		['a section the document does not have', 'nodes/a.ts', '// (docs/gini-api.md §4.9)'],
		[
			'a later section of a list that does not exist',
			'nodes/a.ts',
			'// (docs/gini-api.md §4.2, §7)',
		],
		['a path out of the repository', 'README.md', `built from ${bad.outside}`],
		['a machine path', 'test/emulator/README.md', `built from \`${bad.workPath}\``],
		['a temporary folder', 'bench/README.md', `npm run bench -- --out ${bad.tmpPath}`],
		['a user folder', 'scripts/a.cts', "const dir = '/home/alice/project/';"],
		[
			'an issue number',
			'scripts/bench.cts',
			`* \`npm run bench\` (${bad.issue}): token acquisitions`,
		],
		["an issue's possessive", 'test/a.cts', `* ${bad.Issue}'s fault suite`],
		['a bare hash number', 'CHANGELOG.md', '- Fixed the trigger (#12).'],
		['a seed note', 'nodes/a.ts', '// HTTPS only (seed 003 "Security")'],
	])('refuses %s', (_what, file, text) => {
		expect(rulesBroken(file, text)).not.toEqual([]);
	});
});
