/**
 * The ID parameters as Resource Locators (node version 1.1: From List, By ID, By URL) and version 1's text fields,
 * run in n8n's engine against the emulator; the document list search called as n8n's editor calls it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node.ts';
import { listSearch, runNode } from '../harness/index.cts';
import { CREDENTIAL_TYPE, basicCredential, credentialTypes, outputJson, useGini } from './gini.cts';

const gini = useGini({ processingMs: 0 });

const MUELLER = 'invoice-mueller-haustechnik.pdf';
const HOLZWEG = 'invoice-holzweg-skonto.pdf';

const locator = (mode: string, value: string) => ({ __rl: true, mode, value });

async function getDocument(documentId: unknown, typeVersion?: number) {
	const type = CREDENTIAL_TYPE.basic;
	const result = await runNode({
		nodeTypes: [new GiniPay()],
		credentialTypes,
		credentials: [{ type, id: `${type}-1`, name: 'Gini', data: basicCredential(gini) }],
		node: {
			name: 'Gini Pay',
			type: 'n8n-nodes-gini-pay.giniPay',
			...(typeVersion === undefined ? {} : { typeVersion }),
			parameters: {
				authentication: 'basic',
				resource: 'document',
				operation: 'get',
				documentId,
			} as INodeParameters,
			credentials: { [type]: { id: `${type}-1`, name: 'Gini' } },
		},
		inputItems: [{ json: {} }],
	});
	return outputJson(result);
}

async function search(filter?: string, parameters: INodeParameters = {}) {
	const type = CREDENTIAL_TYPE.basic;
	return await listSearch({
		nodeType: new GiniPay(),
		credentialTypes,
		credentials: [{ type, id: `${type}-1`, name: 'Gini', data: basicCredential(gini) }],
		node: {
			name: 'Gini Pay',
			type: 'n8n-nodes-gini-pay.giniPay',
			typeVersion: 1.1,
			parameters: {
				authentication: 'basic',
				resource: 'document',
				operation: 'get',
				...parameters,
			},
			credentials: { [type]: { id: `${type}-1`, name: 'Gini' } },
		},
		method: 'searchDocuments',
		filter,
	});
}

describe('the Document parameter', () => {
	let mueller: string;
	let holzweg: string;

	beforeAll(async () => {
		[{ id: mueller }] = await gini.upload('basic', [MUELLER]);
		[{ id: holzweg }] = await gini.upload('basic', [HOLZWEG]);
	});

	it.each([
		['From List', () => locator('list', holzweg)],
		['By ID', () => locator('id', holzweg)],
		[
			'By URL (the Location of the upload)',
			() => locator('url', `${gini.payApiUrl}/documents/${holzweg}`),
		],
		['as plain text in version 1.1', () => holzweg],
	])('%s gets that document', async (_mode, value) => {
		const [document] = await getDocument(value());
		expect(document).toMatchObject({ id: holzweg, name: HOLZWEG });
	});

	it("By URL refuses a sub-resource (n8n checks the mode's pattern before the run)", async () => {
		await expect(
			getDocument(locator('url', `${gini.payApiUrl}/documents/${holzweg}/extractions`)),
		).rejects.toThrow('Not a Gini document URL');
	});

	it.each([
		['an ID', () => mueller],
		['a URL', () => `${gini.payApiUrl}/documents/${mueller}`],
	])('version 1 still takes %s as text', async (_what, value) => {
		const [document] = await getDocument(value(), 1);
		expect(document).toMatchObject({ id: mueller, name: MUELLER });
	});

	it('From List offers the documents of the user, newest first, named by file name', async () => {
		const { results } = await search();
		const ids = results.map((result) => result.value);
		expect(ids).toEqual(expect.arrayContaining([mueller, holzweg]));
		expect(ids.indexOf(holzweg)).toBeLessThan(ids.indexOf(mueller));
		const entry = results.find((result) => result.value === holzweg);
		expect(entry?.name).toMatch(
			new RegExp(`^${HOLZWEG.replace(/\./g, '\\.')} \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)$`),
		);
	});

	it('the search text filters by file name, in any case', async () => {
		const { results } = await search('HOLZWEG');
		expect(results.map((result) => result.value)).toEqual([holzweg]);
		expect((await search('no-such-file')).results).toEqual([]);
	});

	it("lists the documents of the node's fixed User Identifier, not the default user's", async () => {
		const { results } = await search(undefined, { userIdentifier: 'another-user' });
		expect(results.map((result) => result.value)).not.toContain(holzweg);
	});
});
