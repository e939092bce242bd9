/**
 * Payment Request > Resolve alone, with a fake client (test/harness/fake-client.cts): what the operation sends Gini
 * (the amount in Gini's "12.50:EUR" form, the IBAN and BIC in electronic form) and what it refuses before sending.
 */
import type { IDataObject } from 'n8n-workflow';

import { execute } from '../../../nodes/GiniPay/actions/paymentRequest/resolve.operation';
import { fakeClient, fakeContext } from '../../harness/fake-client.cts';

const URL = 'https://pay-api.gini.test/paymentRequests/pr-1';

function gini() {
	const sent: Array<{ url: string; body: IDataObject }> = [];
	const client = fakeClient({
		paymentRequests: {
			url: (raw: string) => (raw.trim() === '' ? undefined : URL),
			resolve: async (url: string, body: IDataObject) => {
				sent.push({ url, body });
				return { status: 'paid' };
			},
		},
	});
	return { client, sent };
}

const PARAMETERS = {
	paymentRequestId: 'pr-1',
	iban: 'de89 3704 0044 0532 0130 00',
	amount: 12.5,
	purpose: 'RE-2024-0815',
	additionalFields: { bic: 'coba de ff xxx', recipient: 'Müller Haustechnik GmbH' },
};

describe('Payment Request > Resolve', () => {
	it('sends the amount as Gini writes it and the IBAN and BIC in electronic form', async () => {
		const { client, sent } = gini();
		const out = await execute.call(fakeContext(PARAMETERS), client, 0);
		expect(out).toEqual([{ json: { status: 'paid' } }]);
		expect(sent).toEqual([
			{
				url: URL,
				body: {
					iban: 'DE89370400440532013000',
					amount: '12.50:EUR',
					purpose: 'RE-2024-0815',
					recipient: 'Müller Haustechnik GmbH',
					bic: 'COBADEFFXXX',
				},
			},
		]);
	});

	it('refuses an empty payment request ID, a negative amount and a currency that is no ISO code, sending nothing', async () => {
		const { client, sent } = gini();
		await expect(
			execute.call(fakeContext({ ...PARAMETERS, paymentRequestId: ' ' }), client, 0),
		).rejects.toThrow('The payment request ID is empty or malformed');
		await expect(
			execute.call(fakeContext({ ...PARAMETERS, amount: -1 }), client, 0),
		).rejects.toThrow('The amount must be a number of at least 0');
		await expect(
			execute.call(
				fakeContext({ ...PARAMETERS, additionalFields: { currency: 'Euro' } }),
				client,
				0,
			),
		).rejects.toThrow('The currency must be an ISO 4217 code such as EUR');
		expect(sent).toEqual([]);
	});
});
