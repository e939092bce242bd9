// Every operation the Gini Pay node offers is one entry of its resource's `operations` map
// (nodes/GiniPay/actions/<resource>/index.ts): the router runs what the map holds, and the node shows the map's
// fields. These checks hold the Resource and Operation lists the user picks from to the maps, both ways.
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
			expect({ value: option.value, handler: typeof operation?.execute }).toEqual({
				value: option.value,
				handler: 'function',
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

	it('the node shows the fields of every operation', () => {
		for (const operation of Object.values(resources[resource].operations)) {
			for (const field of operation.description) expect(properties).toContain(field);
		}
	});
});

describe('findOperation', () => {
	it('finds nothing for names that are not operations', () => {
		expect(findOperation('document', 'toString')).toBeUndefined();
		expect(findOperation('constructor', 'get')).toBeUndefined();
		expect(findOperation('document', 'notAnOperation')).toBeUndefined();
	});
});
