/**
 * Puts this package where n8n 2.41.1 looks for community packages: `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/`.
 * n8n's community-packages module scans that folder for `n8n-nodes-*` at startup (scanDirectoryForPackages in
 * n8n-core) and registers the nodes as `<package>.<node>`, e.g. `n8n-nodes-gini-pay.giniPay`: the type names a
 * user's saved workflows carry after installing from Settings > Community Nodes. The package goes in as npm would
 * install it: `npm pack` (only the published files), unpacked into a folder named after the package.
 */
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import * as path from 'node:path';

import { run } from './processes.cts';

export interface InstalledPackage {
	name: string;
	version: string;
	folder: string;
}

async function step(
	what: string,
	command: string,
	args: string[],
	options: { cwd: string; log: WriteStream; timeoutMs: number },
): Promise<string> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
		throw new Error(
			`${what} failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}): ${output}`,
		);
	}
	return result.stdout;
}

/** `npm run build`, `npm pack`, then unpack into the user folder's community nodes folder. */
export async function buildAndInstallPackage(
	repoRoot: string,
	userFolder: string,
	scratch: string,
	log: WriteStream,
): Promise<InstalledPackage> {
	const options = { cwd: repoRoot, log, timeoutMs: 5 * 60_000 };
	await step('npm run build', 'npm', ['run', '-s', 'build'], options);
	mkdirSync(scratch, { recursive: true });
	// --ignore-scripts: packing must not run prepublish checks; the build above already ran.
	const packed = await step(
		'npm pack',
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', scratch],
		options,
	);
	const jsonStart = packed.indexOf('[');
	const [{ filename }] = JSON.parse(packed.slice(jsonStart)) as Array<{ filename: string }>;
	const { name, version } = JSON.parse(
		readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
	) as {
		name: string;
		version: string;
	};
	const unpacked = path.join(scratch, 'unpacked');
	rmSync(unpacked, { recursive: true, force: true });
	mkdirSync(unpacked, { recursive: true });
	await step(
		'tar',
		'tar',
		['-xzf', path.join(scratch, path.basename(filename)), '-C', unpacked],
		options,
	);
	const nodesModules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(nodesModules, { recursive: true });
	const folder = path.join(nodesModules, name);
	rmSync(folder, { recursive: true, force: true });
	renameSync(path.join(unpacked, 'package'), folder);
	return { name, version, folder };
}
