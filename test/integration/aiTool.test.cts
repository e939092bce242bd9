/**
 * The Gini Pay node as an AI agent's tool. n8n makes the tool from the node description (packages/cli
 * tool-generation/ai-tools.ts convertNodeToAiTool: the name gets "Tool", and `@tool` in displayOptions is true for
 * it); the parameters' defaults and the automatic tool description come from n8n-workflow's NodeHelpers, as here.
 */
import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import {
	ALL_FIELDS,
	GINI_ANSWER_FIELDS,
	SIMPLIFIED_FIELDS,
} from '../../nodes/GiniPay/shared/paymentItem';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { SAMPLE_INVOICES, loadFixture } from '../fixtures/invoices.cts';
import { derivedHeaders, TEXT_INVOICE, upload, waitForProcessing } from '../emulator/testkit.cts';
import { binaryItem, runNode } from '../harness/index.cts';
import {
	CREDENTIAL_TYPE,
	basicCredential,
	credentialTypes,
	resetTokenCache,
	useGini,
} from './gini.cts';

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
		expect(refused.error?.message).toBe('This tool does not hand access tokens to the AI model');
		expect(gini.counters().requests.byRoute['POST /login'] ?? 0).toBe(0);

		const allowed = await login({ allowTokenForAi: true });
		expect(allowed.error).toBeUndefined();
		expect(allowed.output('Gini Pay')[0].json.accessToken).toEqual(expect.any(String));
		expect(gini.counters().requests.byRoute['POST /login']).toBe(1);
	});
});

/**
 * n8n's editor offers a parameter of a tool to the AI model (the ✨ "Let the model define this parameter" button, which
 * writes `$fromAI(...)`) unless it is of type options or credentialsSelect or has `noDataExpression`
 * (editor-ui utils/fromAIOverrideUtils.ts canBeContentOverride). n8n-core turns every `$fromAI` of a tool's parameters
 * into an argument the model fills (create-node-as-tool.ts getSchema), whatever the parameter.
 */
function offeredToTheModel(property: INodeProperties): boolean {
	if (['options', 'credentialsSelect'].includes(property.type)) return false;
	return property.noDataExpression !== true;
}

/** The tool's parameters of a name as the editor shows them for a tool (`@tool` true). */
function shownInTool(name: string): INodeProperties[] {
	return tool.properties.filter(
		(property) => property.name === name && property.displayOptions?.show?.['@tool']?.[0] !== false,
	);
}

describe('parameters the AI model must never choose', () => {
	it.each(['allowTokenForAi', 'allowDeleteForAi', 'userIdentifier'])(
		'%s is not offered to the model in the tool (no ✨)',
		(name) => {
			const shown = shownInTool(name);
			expect(shown.length).toBeGreaterThan(0);
			for (const property of shown) expect(offeredToTheModel(property)).toBe(false);
		},
	);

	it('User E-Mail and User Password are not in the tool: it acts for the credential’s default user', () => {
		expect(shownInTool('userEmail')).toEqual([]);
		expect(shownInTool('userPassword')).toEqual([]);
	});

	it('the action node keeps User Identifier and User E-Mail as expressions (per-item users)', () => {
		for (const name of ['userIdentifier', 'userEmail', 'userPassword']) {
			const inNode = node.properties.filter(
				(property) =>
					property.name === name && property.displayOptions?.show?.['@tool']?.[0] !== true,
			);
			expect(inNode).toHaveLength(1);
			expect(inNode[0].noDataExpression).toBeUndefined();
		}
	});
});

describe('tool guards in a run', () => {
	let gini: Emulator;
	beforeAll(async () => {
		gini = await startEmulator();
	});
	afterAll(async () => await gini.stop());
	beforeEach(() => {
		resetTokenCache();
		gini.resetCounters();
	});

	async function runTool(parameters: Record<string, unknown>) {
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
				parameters: { authentication: 'basic', ...parameters },
				credentials: { [type]: { id: `${type}-1`, name: 'test' } },
				continueOnFail: false,
			},
			inputItems: [{ json: {} }],
		});
	}

	async function uploadedDocument(): Promise<string> {
		const toolType = new GiniPay();
		const type = CREDENTIAL_TYPE.basic;
		const [sample] = SAMPLE_INVOICES;
		const result = await runNode({
			nodeTypes: [toolType],
			credentialTypes,
			credentials: [{ type, id: `${type}-1`, name: 'test', data: basicCredential(gini) }],
			node: {
				name: 'Gini Pay',
				type: 'n8n-nodes-gini-pay.giniPay',
				parameters: {
					authentication: 'basic',
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
				},
				credentials: { [type]: { id: `${type}-1`, name: 'test' } },
				continueOnFail: false,
			},
			inputItems: [await binaryItem(loadFixture(sample.file), sample.file, sample.mediaType)],
		});
		expect(result.error).toBeUndefined();
		return String(result.output('Gini Pay')[0].json.documentId);
	}

	const deletes = () => gini.counters().requests.byRoute['DELETE /documents/{id}'] ?? 0;

	it('Delete: deletes nothing for the model unless the workflow allows it', async () => {
		const documentId = await uploadedDocument();
		const remove = { resource: 'document', operation: 'delete', documentId };
		const refused = await runTool(remove);
		expect(refused.error?.message).toBe('This tool does not delete documents for the AI model');
		expect(deletes()).toBe(0);

		const allowed = await runTool({ ...remove, allowDeleteForAi: true });
		expect(allowed.error).toBeUndefined();
		expect(allowed.output('Gini Pay')[0].json).toMatchObject({ deleted: true });
		expect(deletes()).toBe(1);
	});

	it('an allowance the model could set ($fromAI, any expression) does not count', async () => {
		const documentId = await uploadedDocument();
		const refused = await runTool({
			resource: 'document',
			operation: 'delete',
			documentId,
			allowDeleteForAi: "={{ $fromAI('allow', 'Delete?', 'boolean') }}",
		});
		expect(refused.error?.message).toBe('This tool does not delete documents for the AI model');
		const login = await runTool({
			resource: 'session',
			operation: 'login',
			allowTokenForAi: '={{ true }}',
		});
		expect(login.error?.message).toBe('This tool does not hand access tokens to the AI model');
		expect(deletes()).toBe(0);
		expect(gini.counters().requests.byRoute['POST /login'] ?? 0).toBe(0);
	});

	it('a user the model would choose ($fromAI in User Identifier) is refused before anything is sent', async () => {
		const result = await runTool({
			resource: 'document',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
			userIdentifier: "={{ $fromAI('user', 'The user', 'string') }}",
		});
		expect(result.error?.message).toBe('The AI model cannot choose the user this tool acts for');
		expect(gini.counters().requests.total).toBe(0);
	});
});

describe('Get Extractions as a tool: Output instead of Simplify', () => {
	let gini: Emulator;
	let documentId: string;
	beforeAll(async () => {
		gini = await startEmulator({ processingMs: 0 });
		const response = await upload(gini, TEXT_INVOICE, derivedHeaders('default-user'));
		const location = String(response.headers.get('location'));
		await waitForProcessing(location, derivedHeaders('default-user'));
		documentId = location.split('/').pop()!;
	});
	afterAll(async () => await gini.stop());
	beforeEach(() => resetTokenCache());

	function shown(
		description: INodeTypeDescription,
		parameters: Record<string, unknown>,
		version = 1.1,
	) {
		const typeNode = {
			id: '1',
			name: 'Gini Pay',
			type: `n8n-nodes-gini-pay.${description.name}`,
			typeVersion: version,
			position: [0, 0] as [number, number],
			parameters: { resource: 'document', operation: 'getExtractions', ...parameters },
		};
		return Object.keys(
			NodeHelpers.getNodeParameters(
				description.properties,
				typeNode.parameters,
				true,
				false,
				typeNode,
				description,
			) ?? {},
		);
	}

	it('the node shows Simplify, the tool Output (and Fields for Selected Fields), a tool of version 1 Simplify', () => {
		expect(shown(node, {})).toEqual(expect.arrayContaining(['simplify']));
		expect(shown(node, {})).not.toContain('output');
		expect(shown(tool, {})).toEqual(expect.arrayContaining(['output']));
		expect(shown(tool, {})).not.toContain('simplify');
		expect(shown(tool, { output: 'fields' })).toEqual(expect.arrayContaining(['fields']));
		expect(shown(tool, {}, 1)).toEqual(expect.arrayContaining(['simplify']));
		expect(shown(tool, {}, 1)).not.toContain('output');
	});

	it('offers every field of the raw output as a selected field, but the document ID, which always comes', () => {
		const fields = tool.properties.find((property) => property.name === 'fields');
		const values = (fields?.options ?? []).map((option) => (option as { value: string }).value);
		expect(values.sort()).toEqual(
			[...ALL_FIELDS, ...GINI_ANSWER_FIELDS].filter((name) => name !== 'documentId').sort(),
		);
	});

	async function asTool(parameters: Record<string, unknown>, typeVersion?: number) {
		const toolType = new GiniPay();
		toolType.description = tool;
		const type = CREDENTIAL_TYPE.basic;
		const result = await runNode({
			nodeTypes: [toolType],
			credentialTypes,
			credentials: [{ type, id: `${type}-1`, name: 'test', data: basicCredential(gini) }],
			node: {
				name: 'Gini Pay',
				type: 'n8n-nodes-gini-pay.giniPayTool',
				...(typeVersion ? { typeVersion } : {}),
				parameters: {
					authentication: 'basic',
					resource: 'document',
					operation: 'getExtractions',
					documentId,
					...parameters,
				},
				credentials: { [type]: { id: `${type}-1`, name: 'test' } },
				continueOnFail: false,
			},
			inputItems: [{ json: {} }],
		});
		expect(result.error).toBeUndefined();
		return result.output('Gini Pay')[0].json;
	}

	it('Simplified (the default): the ten fields a payer needs', async () => {
		const json = await asTool({});
		expect(Object.keys(json)).toEqual([...SIMPLIFIED_FIELDS]);
		expect(json).toMatchObject({ documentId, payable: true });
	});

	it('Raw: every payment field and Gini’s answers', async () => {
		const json = await asTool({ output: 'raw' });
		expect(Object.keys(json)).toEqual(
			expect.arrayContaining([...ALL_FIELDS, 'extractions', 'document']),
		);
	});

	it('Selected Fields: the document ID and the fields selected, nothing else', async () => {
		const json = await asTool({ output: 'fields', fields: ['amount', 'iban', 'bic'] });
		expect(Object.keys(json).sort()).toEqual(['amount', 'bic', 'documentId', 'iban']);
		expect(json).toMatchObject({
			documentId,
			iban: expect.any(String),
			amount: expect.any(Number),
		});
		expect(await asTool({ output: 'fields' })).toEqual({ documentId });
	});

	it('a tool saved with node version 1 keeps its Simplify: off is still the raw output', async () => {
		const json = await asTool({ simplify: false }, 1);
		expect(json).toHaveProperty('extractions');
		expect(json).toHaveProperty('bic');
		expect(Object.keys(await asTool({}, 1))).toEqual([...SIMPLIFIED_FIELDS]);
	});
});
