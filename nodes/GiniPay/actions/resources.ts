import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as document from './document';
import type { Operation, OperationMap } from './operation';
import * as payment from './payment';
import * as paymentFile from './paymentFile';
import * as paymentRequest from './paymentRequest';
import * as session from './session';
import * as user from './user';

interface Resource {
	/** The name in the Resource list. */
	name: string;
	operations: OperationMap;
	/** The resource's Operation list and the fields of its operations. */
	description: INodeProperties[];
}

/** Every resource by its value; the node's properties list them in this order. */
export const resources: Record<string, Resource> = {
	document: { name: 'Document', ...document },
	paymentRequest: { name: 'Payment Request', ...paymentRequest },
	payment: { name: 'Payment', ...payment },
	paymentFile: { name: 'Payment File', ...paymentFile },
	session: { name: 'Session', ...session },
	user: { name: 'User', ...user },
};

/** The Resource list, sorted by name. */
export const resourceOptions: INodePropertyOptions[] = Object.entries(resources)
	.map(([value, resource]) => ({ name: resource.name, value }))
	.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** The fields of every resource, in the order of `resources`. */
export const resourceProperties: INodeProperties[] = Object.values(resources).flatMap(
	(resource) => resource.description,
);

/** The operation the item's Resource and Operation name, or undefined when there is none. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	if (!Object.hasOwn(resources, resource)) return undefined;
	const { operations } = resources[resource];
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}
