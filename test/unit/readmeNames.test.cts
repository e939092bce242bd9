/**
 * The README names parameters, options and credentials as the node has them: every name it writes in backticks as a
 * parameter (the Operations table's Parameters column, `options.<name>`, `requestOptions.<name>`) exists in the
 * node's or the trigger's description, and every credential in the Credentials table by its display name and its
 * type name. A renamed parameter then fails here instead of leaving the README wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** Every parameter path of a description: `name`, and `parent.child` for the fields of collections. */
export function parameterPaths(properties: INodeProperties[], prefix = ''): Set<string> {
	const paths = new Set<string>();
	for (const property of properties) {
		const path = `${prefix}${property.name}`;
		paths.add(path);
		if (property.type === 'collection') {
			for (const child of parameterPaths(property.options as INodeProperties[], `${path}.`))
				paths.add(child);
		}
		if (property.type === 'fixedCollection') {
			for (const group of property.options as INodePropertyCollection[]) {
				paths.add(`${path}.${group.name}`);
				for (const child of parameterPaths(group.values, `${path}.`)) paths.add(child);
			}
		}
	}
	return paths;
}

const descriptions: INodeTypeDescription[] = [
	new GiniPay().description,
	new GiniPayTrigger().description,
];
const KNOWN = new Set(
	descriptions.flatMap((description) => [...parameterPaths(description.properties)]),
);

/** The README's section under a `## ` heading, up to the next one. */
function section(heading: string): string {
	const start = README.indexOf(`\n## ${heading}\n`);
	expect(start).toBeGreaterThan(-1);
	const end = README.indexOf('\n## ', start + 4);
	return README.slice(start, end === -1 ? undefined : end);
}

/** The parameter names in a Parameters cell: the first backticked name of each entry, values in brackets left out. */
export function parametersOfCell(cell: string): string[] {
	let depth = 0;
	let outer = '';
	for (const char of cell) {
		if (char === '(') depth++;
		if (depth === 0) outer += char;
		if (char === ')') depth = Math.max(0, depth - 1);
	}
	return outer
		.split(',')
		.map((entry) => /`([A-Za-z][\w.]*)`/.exec(entry)?.[1])
		.filter((name): name is string => name !== undefined);
}

describe('the README names what the node has', () => {
	it('every parameter of the Operations table exists', () => {
		const rows = section('Operations')
			.split('\n')
			.filter((line) => /^\| `\w+` \/ `\w+` \|/.test(line));
		expect(rows.length).toBeGreaterThan(10);
		const unknown = rows.flatMap((row) => {
			const cells = row.split(' | ');
			return parametersOfCell(cells[cells.length - 1]).filter((name) => !KNOWN.has(name));
		});
		expect(unknown).toEqual([]);
	});

	it('every `options.<name>` and `requestOptions.<name>` it writes exists', () => {
		const written = [...README.matchAll(/`((?:options|requestOptions)\.[A-Za-z]+)`/g)].map(
			(match) => match[1],
		);
		expect(written.length).toBeGreaterThan(5);
		expect([...new Set(written)].filter((name) => !KNOWN.has(name))).toEqual([]);
	});

	it('every credential of the Credentials table by its display name and type name', () => {
		const table = section('Credentials');
		const named = [...table.matchAll(/^\| \*\*(.+?)\*\* `(\w+)` \|/gm)].map((match) => [
			match[1],
			match[2],
		]);
		const credentials = [new GiniPayBasicApi(), new GiniPayJwtApi(), new GiniUserCenterApi()].map(
			(credential) => [credential.displayName, credential.name],
		);
		expect(named).toEqual(credentials);
	});

	it('fails on a misnamed option', () => {
		expect(parametersOfCell('`pages` (`single`, `each`), `options.includeBinary`')).toEqual([
			'pages',
			'options.includeBinary',
		]);
		expect(KNOWN.has('options.includeBinary')).toBe(false);
		expect(KNOWN.has('options.includeInputBinary')).toBe(true);
	});
});
