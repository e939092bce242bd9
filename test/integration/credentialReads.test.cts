/**
 * n8n reads, decrypts and resolves a credential on every getCredentials call (a database read in n8n's CLI); the
 * harness's credentials helper records each call. The node reads once per execution when the stored credential has
 * no expression, and per item when it has one.
 */
import { DEMO_CLIENTS } from '../emulator/index.cts';
import type { WorkflowRunResult } from '../harness/index.cts';
import { parsePrivateKey } from '../../nodes/GiniPay/shared/jwt';
import {
	basicCredential,
	invoiceItems,
	jwtCredential,
	runGini,
	type Mode,
	useGini,
} from './gini.cts';

const upload = {
	resource: 'document',
	operation: 'upload',
	binaryPropertyName: 'data',
	waitForExtractions: false,
};

function decryptions(result: WorkflowRunResult) {
	if (result.error) throw result.error;
	const all = result.credentialsHelper.decryptions;
	return { resolved: all.filter((read) => !read.raw), raw: all.filter((read) => read.raw) };
}

describe('credential reads per run', () => {
	const gini = useGini({ processingMs: 10 });

	const credentials = { basic: basicCredential, jwt: jwtCredential };
	const cases: Array<[Mode & keyof typeof credentials, number]> = [
		['basic', 1],
		['basic', 5],
		['jwt', 1],
		['jwt', 5],
	];

	it.each(cases)(
		'%s, concurrency %s: one resolved read and one look at the stored data for 12 items',
		async (mode, concurrency) => {
			const credential = credentials[mode];
			const before = gini.documents().length;
			const result = await runGini({
				mode,
				credential: credential(gini),
				parameters: { ...upload, requestOptions: { concurrency } },
				items: await invoiceItems(12),
			});
			const { resolved, raw } = decryptions(result);
			expect(gini.documents().length - before).toBe(12);
			expect(resolved).toHaveLength(1);
			expect(raw).toHaveLength(1);
		},
	);

	it('resolves a credential holding an expression for each item, with that item’s data', async () => {
		const items = await invoiceItems(4, (index) => ({ tenant: `tenant-${index}` }));
		const before = gini.documents().length;
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: '={{ $json.tenant }}' }),
			parameters: { ...upload, requestOptions: { concurrency: 2 } },
			items,
		});
		const { resolved } = decryptions(result);
		expect(resolved.map((read) => read.itemIndex).sort()).toEqual([0, 1, 2, 3]);
		const owners = gini
			.documents()
			.slice(before)
			.map((stored) => stored.owner)
			.sort();
		expect(owners).toEqual(
			[0, 1, 2, 3].map((index) => `derived:${DEMO_CLIENTS.derived.clientId}:tenant-${index}`),
		);
	});

	it('resolves per item when the expression is only in a secret', async () => {
		const items = await invoiceItems(3, () => ({ secret: DEMO_CLIENTS.derived.clientSecret }));
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { clientSecret: '={{ $json.secret }}' }),
			parameters: upload,
			items,
		});
		expect(decryptions(result).resolved).toHaveLength(3);
	});

	it('parses the JWT signing key once for many uploads', async () => {
		const crypto = require('node:crypto') as typeof import('node:crypto');
		(parsePrivateKey as { clear?: () => void }).clear?.();
		const spy = jest.spyOn(crypto, 'createPrivateKey');
		try {
			const result = await runGini({
				mode: 'jwt',
				credential: jwtCredential(gini),
				parameters: { ...upload, requestOptions: { concurrency: 3 } },
				items: await invoiceItems(12),
			});
			if (result.error) throw result.error;
			expect(spy).toHaveBeenCalledTimes(1);
		} finally {
			spy.mockRestore();
		}
	});
});
