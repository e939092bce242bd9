/**
 * `xmllint --schema` (Debian's libxml2-utils) as the oracle for the pain.001 files: the tests install it when it is
 * missing (as root, as CI runs, or through `sudo -n` on a hosted runner) and fail with the command to run otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const SCHEMAS = {
	'pain.001.001.09': path.resolve(__dirname, '../../fixtures/iso20022/pain.001.001.09.xsd'),
	'pain.001.001.03': path.resolve(__dirname, '../../fixtures/iso20022/pain.001.001.03.xsd'),
} as const;

function hasXmllint(): boolean {
	return spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
}

function run(command: string[]): { status: number | null; output: string } {
	const [file, ...args] = command;
	const result = spawnSync(file, args, {
		encoding: 'utf8',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeout: 10 * 60_000,
	});
	return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Makes sure `xmllint` is on the PATH, installing libxml2-utils with apt-get when it is not. */
export function ensureXmllint(): void {
	if (hasXmllint()) return;
	const root = process.getuid?.() === 0;
	const prefix = root ? [] : run(['sudo', '-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
	if (!prefix) {
		throw new Error(
			'xmllint is missing and this is not root: apt-get install -y libxml2-utils (Debian)',
		);
	}
	// Other test files may run apt-get at the same time: wait for dpkg's lock rather than fail.
	const lock = ['-o', 'DPkg::Lock::Timeout=600'];
	let update = run([...prefix, 'apt-get', ...lock, 'update', '-qq']);
	for (let attempt = 0; update.status !== 0 && attempt < 5; attempt++) {
		spawnSync('sleep', ['5']);
		update = run([...prefix, 'apt-get', ...lock, 'update', '-qq']);
	}
	const install = run([
		...prefix,
		'apt-get',
		...lock,
		'install',
		'-y',
		'-qq',
		'--no-install-recommends',
		'libxml2-utils',
	]);
	if (install.status !== 0 || !hasXmllint()) {
		throw new Error(`apt-get install libxml2-utils failed: ${install.output.slice(-800)}`);
	}
}

export interface Validation {
	/** The files xmllint found valid, by the name given. */
	valid: string[];
	/** xmllint's messages for the others, by the name given. */
	invalid: Map<string, string>;
}

/**
 * Validates several documents against one schema with a single xmllint run (it reads the schema once and reports
 * each file: "<file> validates" or "<file> fails to validate", with the errors before).
 */
export function validateAll(schema: string, documents: Map<string, string>): Validation {
	const folder = mkdtempSync(path.join(tmpdir(), 'gini-pay-sepa-'));
	try {
		const files = new Map<string, string>();
		let n = 0;
		for (const [name, xml] of documents) {
			const file = path.join(folder, `doc${n++}.xml`);
			writeFileSync(file, xml);
			files.set(file, name);
		}
		const result = spawnSync('xmllint', ['--noout', '--schema', schema, ...files.keys()], {
			encoding: 'utf8',
			maxBuffer: 256 * 1024 * 1024,
		});
		const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
		const valid: string[] = [];
		const invalid = new Map<string, string>();
		for (const [file, name] of files) {
			if (output.includes(`${file} validates`)) valid.push(name);
			else {
				const lines = output.split('\n').filter((line) => line.startsWith(file));
				invalid.set(name, lines.slice(0, 5).join('\n') || output.slice(0, 800));
			}
		}
		if (result.error) throw result.error;
		return { valid, invalid };
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

export function validate(schema: string, xml: string): { ok: boolean; output: string } {
	const { valid, invalid } = validateAll(schema, new Map([['document', xml]]));
	return { ok: valid.length === 1, output: invalid.get('document') ?? '' };
}
