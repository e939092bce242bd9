/**
 * Document > Delete alone, with a fake client (test/harness/fake-client.cts): the order of the deletes and the
 * refusals are the operation's own decisions. The engine tests (test/integration/lifecycleDocuments.test.cts) show
 * the same against the emulator.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { execute } from '../../../nodes/GiniPay/actions/document/delete.operation';
import { fakeClient, fakeContext } from '../../harness/fake-client.cts';

const BASE = 'https://pay-api.gini.test/documents';

function gini(document: IDataObject) {
	const deleted: string[] = [];
	const client = fakeClient({
		document: { id: 'partial-1', url: `${BASE}/partial-1` },
		documents: {
			get: async () => document,
			url: (link: string) => link.replace('https://gini.link/documents', BASE),
			delete: async (url: string) => {
				deleted.push(url);
			},
		},
	});
	return { client, deleted };
}

describe('Document > Delete', () => {
	it('deletes a document that no composite uses', async () => {
		const { client, deleted } = gini({ id: 'partial-1' });
		const out = await execute.call(fakeContext({ deleteComposites: false }), client, 0);
		expect(out).toEqual([{ json: { id: 'partial-1', deleted: true, deletedComposites: [] } }]);
		expect(deleted).toEqual([`${BASE}/partial-1`]);
	});

	it('names the composites that use a partial document and deletes nothing unless asked', async () => {
		const composite = { document: 'https://gini.link/documents/composite-9' };
		const { client, deleted } = gini({ id: 'partial-1', compositeDocuments: [composite] });
		const refused = execute.call(fakeContext({ deleteComposites: false }), client, 0);
		await expect(refused).rejects.toThrow(NodeOperationError);
		await expect(refused).rejects.toThrow(
			'Document partial-1 is a page of 1 composite document(s)',
		);
		expect(deleted).toEqual([]);
	});

	it('deletes the composites first when asked, then the document, on the configured base', async () => {
		const composite = { document: 'https://gini.link/documents/composite-9' };
		const { client, deleted } = gini({ id: 'partial-1', compositeDocuments: [composite] });
		const out = await execute.call(fakeContext({ deleteComposites: true }), client, 0);
		expect(deleted).toEqual([`${BASE}/composite-9`, `${BASE}/partial-1`]);
		expect(out[0].json.deletedComposites).toEqual(['composite-9']);
	});

	it('as an AI agent’s tool, deletes nothing without the builder’s allowance', async () => {
		const { client, deleted } = gini({ id: 'partial-1' });
		const tool = { type: 'n8n-nodes-gini-pay.giniPayTool' };
		await expect(execute.call(fakeContext({}, tool), client, 0)).rejects.toThrow(
			'This tool does not delete documents for the AI model',
		);
		expect(deleted).toEqual([]);
		await execute.call(fakeContext({ allowDeleteForAi: true }, tool), client, 0);
		expect(deleted).toEqual([`${BASE}/partial-1`]);
	});
});
