/**
 * Oracles and generators for the tests of the payment modules (nodes/GiniPay/shared/payments/): random valid IBANs
 * of SEPA countries (national parts of the form ibantools gives each country), and `zbarimg` (Debian zbar-tools)
 * decoding QR images, with `rsvg-convert` (Debian librsvg2-bin) turning SVG into PNG first. scripts/test-tools.sh
 * installs both.
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

import fc from 'fast-check';

import { mod97, SEPA_IBAN_LENGTHS } from '../../nodes/GiniPay/shared/payments/iban';

const run = promisify(execFile);

/**
 * ibantools, an established IBAN library (a devDependency, the oracle of the IBAN checks). It ships CommonJS beside
 * its ES module, but its types are declared for the ES module only.
 */
export type Ibantools = typeof import('ibantools', { with: { 'resolution-mode': 'import' } });
export const ibantools = require('ibantools') as Ibantools;

const CLASSES: Record<string, string> = {
	'0-9': '0123456789',
	'A-Z': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
	'A-Z0-9': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
	'0-9A-Z': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
	'a-z': 'abcdefghijklmnopqrstuvwxyz',
};

/** The national part of `country`'s IBANs as character sets, from ibantools' `[set]{n}` patterns. */
function bbanShape(country: string): string[] {
	const pattern = ibantools.getCountrySpecifications()[country]?.bban_regexp ?? '';
	const shape: string[] = [];
	for (const [, set, count] of pattern.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
		const characters = CLASSES[set];
		if (!characters) throw new Error(`unexpected set [${set}] in ${country}'s pattern ${pattern}`);
		for (let i = 0; i < Number(count); i++) shape.push(characters);
	}
	return shape;
}

/** The IBAN of a country and national part, with its check digits computed (ISO 7064 MOD 97-10). */
export function ibanOf(country: string, bban: string): string {
	const check = 98 - mod97(`${bban}${country}00`);
	return `${country}${String(check).padStart(2, '0')}${bban}`;
}

export const SEPA_COUNTRIES = Object.keys(SEPA_IBAN_LENGTHS);

/** A random valid IBAN of a SEPA country. */
export const arbitraryIban: fc.Arbitrary<string> = fc
	.constantFrom(...SEPA_COUNTRIES)
	.chain((country) =>
		fc
			.tuple(...bbanShape(country).map((set) => fc.constantFrom(...set)))
			.map((characters) => ibanOf(country, characters.join(''))),
	);

export function toolsAvailable(): string | null {
	for (const tool of ['zbarimg', 'rsvg-convert']) {
		try {
			execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
		} catch {
			return `${tool} is missing: run scripts/test-tools.sh as root (Debian zbar-tools, librsvg2-bin)`;
		}
	}
	return null;
}

/**
 * What zbarimg reads from image files, byte for byte (`-Sbinary`: no guessing of the character set), one after the
 * other without separators: with one symbol an image, the concatenation of their payloads in the files' order.
 */
export async function zbarDecode(files: string[]): Promise<Buffer> {
	try {
		const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sbinary', ...files], {
			encoding: 'buffer',
			maxBuffer: 1 << 24,
		});
		return stdout;
	} catch (error) {
		// zbarimg exits with 4 when an image holds no symbol it can read; what it read from the others is kept.
		const { code, stdout } = error as { code?: number; stdout?: Buffer };
		if (code === 4 && stdout) return stdout;
		throw error;
	}
}

/** An SVG file rendered to PNG by librsvg (rsvg-convert), for zbarimg; returns the PNG's path. */
export async function renderSvg(svg: string, directory: string, name: string): Promise<string> {
	const svgFile = path.join(directory, `${name}.svg`);
	const pngFile = path.join(directory, `${name}.svg.png`);
	await writeFile(svgFile, svg);
	await run('rsvg-convert', ['--output', pngFile, svgFile]);
	return pngFile;
}

/** Runs `task` on every element, `limit` at a time. */
export async function eachLimited<T>(
	items: T[],
	limit: number,
	task: (item: T, index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			await task(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: limit }, worker));
}
