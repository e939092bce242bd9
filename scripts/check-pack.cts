/**
 * Fails when the package npm would publish holds anything but what n8n loads and what users read: package.json,
 * README.md, LICENSE.md, and under dist/ the compiled JavaScript, the nodes' codex files (*.node.json) and their
 * icons. Also fails when a node or credential that package.json names for n8n is missing. Run after `npm run build`:
 * `npm run check:pack` (the CI runs it after the build).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

const ALLOWED: Array<[RegExp, string]> = [
	[/^package\.json$/, 'the manifest'],
	[/^README\.md$/, 'the user documentation'],
	[/^LICENSE\.md$/, 'the licence'],
	[/^dist\/(nodes|credentials)\/.+\.js$/, 'compiled code n8n loads'],
	[/^dist\/nodes\/[^/]+\/[^/]+\.node\.json$/, "a node's codex"],
	[/^dist\/(nodes|credentials)\/.+\.(svg|png)$/, 'an icon'],
];

interface PackResult {
	files: Array<{ path: string; size: number }>;
	size: number;
	unpackedSize: number;
}

const [pack] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	}),
) as PackResult[];
const paths = pack.files.map((file) => file.path).sort();
const problems: string[] = [];

for (const path of paths) {
	if (!ALLOWED.some(([pattern]) => pattern.test(path)))
		problems.push(`not something n8n loads or users read: ${path}`);
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	n8n?: { nodes?: string[]; credentials?: string[] };
};
for (const entry of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
	if (!paths.includes(entry))
		problems.push(
			`package.json names ${entry} for n8n, but the package lacks it (run npm run build)`,
		);
}
for (const path of ['package.json', 'README.md', 'LICENSE.md']) {
	if (!paths.includes(path)) problems.push(`missing: ${path}`);
}

if (problems.length > 0) {
	console.error(`The package would hold the wrong files:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
console.log(
	`Package contents OK: ${paths.length} files, ${Math.round(pack.size / 1024)} KiB packed.`,
);
