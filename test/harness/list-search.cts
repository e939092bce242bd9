import { LoadOptionsContext } from 'n8n-core';
import {
	UnexpectedError,
	Workflow,
	type ICredentialType,
	type INode,
	type INodeListSearchResult,
	type INodeType,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data.cts';
import { MemoryCredentialsHelper, type HarnessCredential } from './credentials-helper.cts';
import { installDiLogger } from './logs.cts';
import { HarnessNodeTypes } from './node-types.cts';

export interface ListSearchOptions {
	nodeType: INodeType;
	credentialTypes: ICredentialType[];
	credentials: HarnessCredential[];
	/** The node as the editor holds it (its parameters and credential references); id and position are filled in. */
	node: Omit<INode, 'id' | 'position'>;
	method: string;
	filter?: string;
	paginationToken?: string;
}

/**
 * Calls a node's `methods.listSearch` method as n8n's editor does (the CLI's DynamicNodeParametersService
 * `getResourceLocatorResults`): a workflow holding the node, n8n-core's LoadOptionsContext with the node's
 * parameters as the current ones, and the method called with the search text and pagination token. Requests go
 * through n8n-core's real `httpRequestWithAuthentication` with the stored credential.
 */
export async function listSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	installDiLogger();
	const nodeTypes = new HarnessNodeTypes([options.nodeType]);
	const node: INode = { id: 'list-search-node', position: [0, 0], ...options.node };
	const method = options.nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`The node has no list search "${options.method}"`);
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = createAdditionalData(
		new MemoryCredentialsHelper(options.credentialTypes, options.credentials),
	);
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	return await method.call(context, options.filter, options.paginationToken);
}
