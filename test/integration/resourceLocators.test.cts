/**
 * The ID parameters as Resource Locators (node version 1.1: From List, By ID, By URL) and version 1's text fields,
 * run in n8n's engine against the emulator; the document list search called as n8n's editor calls it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { GiniPay } from '../../nodes/GiniPay/GiniPay.node.ts';
import { DEMO_CLIENTS } from '../emulator/index.cts';
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

async function search(filter?: string, parameters: INodeParameters = {}, paginationToken?: string) {
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
		paginationToken,
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
		).rejects.toThrow('The URL does not name a Gini document');
		await expect(getDocument(locator('id', 'not an id'))).rejects.toThrow(
			'The document ID is empty or malformed',
		);
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

describe('From List with more documents than one page of results', () => {
	const user = 'locator-many-documents';

	/** `count` small text invoices straight to the emulator, named seed-<i>.txt; their ids, oldest first. */
	async function seed(count: number): Promise<string[]> {
		const { clientId, clientSecret } = DEMO_CLIENTS.derived;
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const response = await fetch(`${gini.payApiUrl}/documents?filename=seed-${i}.txt`, {
				method: 'POST',
				headers: {
					Accept: 'application/vnd.gini.v1+json',
					Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
					'X-User-Identifier': user,
					'Content-Type': 'text/plain',
				},
				body: `Rechnung ${i}`,
			});
			expect(response.status).toBe(201);
			ids.push(String(String(response.headers.get('location')).split('/').pop()));
		}
		return ids;
	}

	let ids: string[];

	beforeAll(async () => {
		ids = await seed(130);
	});

	it('pages with the pagination token: each document once, newest first, then no token', async () => {
		const first = await search(undefined, { userIdentifier: user });
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBeDefined();
		const second = await search(undefined, { userIdentifier: user }, first.paginationToken);
		expect(second.paginationToken).toBeUndefined();
		const listed = [...first.results, ...second.results].map((result) => result.value);
		expect(listed).toEqual([...ids].reverse());
	});

	it('pages the filtered list: the search text applies to every page', async () => {
		// seed-1.txt, seed-10.txt ... seed-19.txt, seed-100.txt ... seed-129.txt: 1 + 10 + 30 names hold "seed-1".
		const first = await search('SEED-1', { userIdentifier: user });
		expect(first.results).toHaveLength(41);
		expect(first.paginationToken).toBeUndefined();
		expect(first.results.every((result) => result.name.startsWith('seed-1'))).toBe(true);
	});
});

describe('the Payment Request parameter (By ID, By URL)', () => {
	const REQUEST = {
		iban: 'DE02300209000106531065',
		amount: '335.50:EUR',
		purpose: 'ReNr AZ356789Z',
		recipient: 'Dr. med. Hackler',
	};

	it.each([
		['By ID', (id: string) => locator('id', id)],
		['By URL', (id: string) => locator('url', `${gini.payApiUrl}/paymentRequests/${id}`)],
		[
			'By URL of its payment',
			(id: string) => locator('url', `${gini.payApiUrl}/paymentRequests/${id}/payment`),
		],
		['as plain text in version 1.1', (id: string) => id],
	])('%s gets that payment request', async (_mode, value) => {
		const id = gini.seedPaymentRequest(REQUEST);
		const [request] = await gini.json('basic', {
			resource: 'paymentRequest',
			operation: 'get',
			paymentRequestId: value(id),
		});
		expect(request).toMatchObject({ iban: REQUEST.iban, purpose: REQUEST.purpose });
	});
});

describe('the User parameter (By ID, By URL)', () => {
	it('gets an anonymous user by ID and by its Location URL', async () => {
		const [created] = await gini.json('userCenter', {
			resource: 'user',
			operation: 'create',
			email: 'locator@app.example.org',
			password: 'secret-123',
		});
		for (const userId of [
			locator('id', String(created.id)),
			locator('url', String(created.location)),
		]) {
			const [user] = await gini.json('userCenter', { resource: 'user', operation: 'get', userId });
			expect(user).toEqual({ id: created.id, email: 'locator@app.example.org' });
		}
	});
});

describe('the node description', () => {
	it('has From List only where Gini lists the resource, first, and keeps the text fields for version 1', () => {
		const fields = new GiniPay().description.properties;
		const modesOf = (name: string) =>
			fields
				.filter((field) => field.name === name && field.type === 'resourceLocator')
				.map((field) => field.modes?.map((mode) => mode.name));
		expect(new Set(modesOf('documentId').map(String))).toEqual(new Set(['list,id,url']));
		expect(new Set(modesOf('paymentRequestId').map(String))).toEqual(new Set(['id,url']));
		expect(new Set(modesOf('userId').map(String))).toEqual(new Set(['id,url']));
		const legacy = fields.filter(
			(field) =>
				['documentId', 'paymentRequestId', 'userId'].includes(field.name) &&
				field.type === 'string',
		);
		expect(legacy.length).toBeGreaterThan(0);
		for (const field of legacy) expect(field.displayOptions?.show?.['@version']).toEqual([1]);
	});

	it("By URL's extractValue gives the ID the node reads from the URL", () => {
		const fields = new GiniPay().description.properties;
		const extractor = (name: string) => {
			const field = fields.find((one) => one.name === name && one.type === 'resourceLocator');
			const url = field?.modes?.find((mode) => mode.name === 'url')?.extractValue;
			return new RegExp(String(url?.regex));
		};
		const id = '626626a0-749f-11e2-bfd6-000000000000';
		const cases: Array<[string, string]> = [
			['documentId', `https://pay-api.gini.net/documents/${id}`],
			['documentId', `https://gateway.example/gini/documents/${id}/`],
			['paymentRequestId', `https://pay-api.gini.net/paymentRequests/${id}/payment`],
			['userId', `https://user.gini.net/api/users/${id}`],
		];
		for (const [name, url] of cases)
			expect({ name, id: extractor(name).exec(url)?.[1] }).toEqual({ name, id });
		expect(
			extractor('documentId').exec(`https://pay-api.gini.net/documents/${id}/extractions`),
		).toBeNull();
	});
});
