/**
 * The Gini Pay node as an AI agent's tool. n8n makes the tool from the node description (packages/cli
 * tool-generation/ai-tools.ts convertNodeToAiTool: the name gets "Tool", and `@tool` in displayOptions is true for
 * it); the parameters' defaults and the automatic tool description come from n8n-workflow's NodeHelpers, as here.
 */
import { NodeHelpers, type INodeTypeDescription } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { runNode } from '../harness/index.cts';
import { CREDENTIAL_TYPE, basicCredential, credentialTypes, useGini } from './gini.cts';

const node = new GiniPay().description;
/** What n8n's convertNodeToAiTool does to the name, which is what `@tool` looks at. */
const tool: INodeTypeDescription = {
	...node,
	name: `${node.name}Tool`,
	displayName: `${node.displayName} Tool`,
};

function defaults(description: INodeTypeDescription, parameters = {}) {
	const typeNode = {
		id: '1',
		name: 'Gini Pay',
		type: `n8n-nodes-gini-pay.${description.name}`,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters,
	};
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			typeNode,
			description,
		) ?? {}
	);
}

describe('defaults', () => {
	it('the node starts on Document > Upload', () => {
		expect(defaults(node)).toMatchObject({ resource: 'document', operation: 'upload' });
	});

	it('the tool starts on Document > Get Extractions, a read: an agent cannot hand over a file', () => {
		expect(defaults(tool)).toMatchObject({ resource: 'document', operation: 'getExtractions' });
		const toolList = tool.properties.find(
			(property) =>
				property.name === 'operation' && property.displayOptions?.show?.['@tool']?.[0] === true,
		);
		expect(
			(toolList?.options ?? []).map((option) => (option as { value: string }).value),
		).not.toContain('upload');
	});

	it('the automatic tool description of Delete says it deletes permanently', () => {
		const parameters = { descriptionType: 'auto', resource: 'document', operation: 'delete' };
		const typeNode = {
			id: '1',
			name: 'Gini Pay',
			type: 'n8n-nodes-gini-pay.giniPayTool',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters,
		};
		expect(NodeHelpers.getToolDescriptionForNode(typeNode, { description: tool } as never)).toBe(
			'Delete a document permanently in Gini Pay',
		);
	});
});

describe('Session > Login as a tool', () => {
	const gini = useGini();

	async function login(parameters: Record<string, unknown>) {
		const toolType = new GiniPay();
		toolType.description = tool;
		const type = CREDENTIAL_TYPE.basic;
		return await runNode({
			nodeTypes: [toolType],
			credentialTypes,
			credentials: [{ type, id: `${type}-1`, name: 'test', data: basicCredential(gini) }],
			node: {
				name: 'Gini Pay',
				type: 'n8n-nodes-gini-pay.giniPayTool',
				parameters: {
					authentication: 'basic',
					resource: 'session',
					operation: 'login',
					...parameters,
				},
				credentials: { [type]: { id: `${type}-1`, name: 'test' } },
				continueOnFail: false,
			},
			inputItems: [{ json: {} }],
		});
	}

	it('hands no user token to the model unless the workflow allows it', async () => {
		const refused = await login({});
		expect(refused.error?.message).toBe('This tool does not hand user tokens to the AI model');
		expect(gini.counters().requests.byRoute['POST /login'] ?? 0).toBe(0);

		const allowed = await login({ allowTokenForAi: true });
		expect(allowed.error).toBeUndefined();
		expect(allowed.output('Gini Pay')[0].json.accessToken).toEqual(expect.any(String));
		expect(gini.counters().requests.byRoute['POST /login']).toBe(1);
	});
});
