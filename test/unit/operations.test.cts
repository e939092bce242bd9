// Every operation the Gini Pay node offers is one line of its resource's operations.ts
// (nodes/GiniPay/actions/<resource>/operations.ts): the router runs what the map holds, and the node shows the map's
// Operation list and fields. These checks hold the Resource and Operation lists the user picks from to the maps,
// both ways, and hold the built Operation lists to n8n's linter as if they were written out.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { findOperation, resources } from '../../nodes/GiniPay/actions/resources';

const properties = new GiniPay().description.properties;

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []) as INodePropertyOptions[];
}

const resourceProperty = properties.find((property) => property.name === 'resource');
const resourceValues = optionsOf(resourceProperty).map((option) => String(option.value));

function operationProperty(resource: string): INodeProperties | undefined {
	// The node's own list; a resource may have a second one shown only for the node as an AI tool (aiTool.test.cts).
	const found = properties.filter(
		(property) =>
			property.name === 'operation' &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.['@tool']?.[0] !== true,
	);
	expect(found).toHaveLength(1);
	return found[0];
}

describe('resources', () => {
	it('the Resource list names exactly the resources the router knows', () => {
		expect([...resourceValues].sort()).toEqual(Object.keys(resources).sort());
	});
});

describe.each(Object.keys(resources))('resource %s', (resource) => {
	const property = operationProperty(resource);
	const listed = optionsOf(property);

	it('every listed operation has a handler, fields and a description for the user', () => {
		expect(listed.length).toBeGreaterThan(0);
		for (const option of listed) {
			const operation = findOperation(resource, String(option.value));
			// Exactly one handler: with the item's Gini client (execute), without Gini (local), or on all items (batch).
			const handlers = (['execute', 'local', 'batch'] as const).filter(
				(kind) => typeof operation?.[kind] === 'function',
			);
			expect({ value: option.value, handlers: handlers.length }).toEqual({
				value: option.value,
				handlers: 1,
			});
			expect(Array.isArray(operation?.description)).toBe(true);
			expect({
				value: option.value,
				description: typeof option.description,
				action: typeof option.action,
			}).toEqual({
				value: option.value,
				description: 'string',
				action: 'string',
			});
			expect(String(option.description).trim()).not.toBe('');
			expect(String(option.action).trim()).not.toBe('');
		}
	});

	it('every operation in the map is listed', () => {
		expect(Object.keys(resources[resource].operations).sort()).toEqual(
			listed.map((option) => String(option.value)).sort(),
		);
	});

	it('lists its operations sorted by name, as n8n asks', () => {
		const names = listed.map((option) => option.name);
		expect(names).toEqual([...names].sort());
	});

	it('the default operation is one of the listed ones', () => {
		expect(listed.map((option) => option.value)).toContain(property?.default);
	});

	it("each operation's fields show only for that resource and operation", () => {
		for (const [name, operation] of Object.entries(resources[resource].operations)) {
			for (const field of operation.description) {
				expect({ field: field.name, show: field.displayOptions?.show }).toEqual({
					field: field.name,
					show: expect.objectContaining({ resource: [resource], operation: [name] }),
				});
			}
		}
	});

	// The router reads the document of an operation on one and names it in every error of the item (documentId).
	it('an operation with a "Document ID or URL" field declares that it works on that document', () => {
		for (const [name, operation] of Object.entries(resources[resource].operations)) {
			const hasDocumentField = operation.description.some((field) => field.name === 'documentId');
			expect({ name, onDocument: operation.onDocument === true }).toEqual({
				name,
				onDocument: hasDocumentField,
			});
		}
	});

	it('the node shows the fields of every operation', () => {
		for (const operation of Object.values(resources[resource].operations)) {
			for (const field of operation.description) expect(properties).toContain(field);
		}
	});
});

describe('findOperation', () => {
	it('finds nothing for names that are not operations', () => {
		expect(findOperation('document', '__esModule')).toBeUndefined();
		expect(findOperation('document', 'toString')).toBeUndefined();
		expect(findOperation('constructor', 'get')).toBeUndefined();
		expect(findOperation('document', 'notAnOperation')).toBeUndefined();
	});
});

/** A value as TypeScript source, with bare keys as a person writes them (the linter's rules look for those). */
function literal(value: unknown, indent = ''): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value))
		return `[\n${value.map((entry) => `${inner}${literal(entry, inner)},\n`).join('')}${indent}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).map(([key, entry]) => {
			const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
			return `${inner}${name}: ${literal(entry, inner)},\n`;
		});
		return `{\n${entries.join('')}${indent}}`;
	}
	return JSON.stringify(value);
}

/**
 * n8n's linter (the configuration `npm run lint` uses) on source that writes the given Operation lists out as
 * literals, as n8n's checks before verifying a package would read them; returns its messages.
 */
function lint(lists: INodeProperties[]): string[] {
	const root = path.join(__dirname, '..', '..');
	const source =
		"import type { INodeProperties } from 'n8n-workflow';\n\n" +
		lists
			.map((list, index) => `export const list${index}: INodeProperties = ${literal(list)};\n`)
			.join('\n');
	const eslint = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
	let output: string;
	try {
		output = execFileSync(
			process.execPath,
			[eslint, '--format', 'json', '--stdin', '--stdin-filename', 'nodes/GiniPay/actions/lists.ts'],
			{ cwd: root, input: source, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] },
		);
	} catch (error) {
		// ESLint exits non-zero when it finds a problem; the messages are on stdout either way.
		const { stdout } = error as { stdout?: string };
		if (!stdout) throw error;
		output = stdout;
	}
	const [result] = JSON.parse(output) as Array<{
		messages: Array<{ ruleId: string | null; message: string }>;
	}>;
	return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe("n8n's linter on the Operation lists as built", () => {
	it("finds nothing in any resource's lists", () => {
		const lists = properties.filter((property) => property.name === 'operation');
		expect(lists.length).toBeGreaterThanOrEqual(Object.keys(resources).length);
		expect(lint(lists)).toEqual([]);
	}, 60_000);

	it('would find a miscased action or a lowercase description (the check can fail)', () => {
		const list = operationProperty('paymentRequest') as INodeProperties;
		const [first, second] = optionsOf(list);
		const bad = {
			...list,
			options: [{ ...first, action: 'get The Payment request', description: 'lower' }, second],
		};
		expect(lint([bad])).toEqual(
			expect.arrayContaining([
				expect.stringContaining('node-param-operation-option-action-miscased'),
				expect.stringContaining('node-param-description-lowercase-first-char'),
			]),
		);
	}, 60_000);
});
