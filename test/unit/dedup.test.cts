import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

import {
	documentSha256,
	paymentIdentity,
	paymentKeys,
	paymentVerdict,
	sha256Hex,
	sha256OfChunks,
	uploadKey,
} from '../../nodes/GiniPay/shared/dedup';
import { paymentItem, SIMPLIFIED_FIELDS } from '../../nodes/GiniPay/shared/paymentItem';

const hex = (data: string) => createHash('sha256').update(data).digest('hex');

describe('content hash', () => {
	test('a file hashes to the SHA-256 of its bytes, streamed or whole', async () => {
		const bytes = Buffer.from('%PDF-1.4 invoice');
		expect(sha256Hex(bytes)).toBe(hex('%PDF-1.4 invoice'));
		const stream = Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]);
		expect(await sha256OfChunks(stream)).toBe(sha256Hex(bytes));
	});

	test('one page: the file hash itself; several: the hash of the page hashes in order', () => {
		const [a, b] = [hex('page 1'), hex('page 2')];
		expect(documentSha256([a])).toBe(a);
		expect(documentSha256([a, b])).toBe(hex(`${a}\n${b}`));
		expect(documentSha256([b, a])).not.toBe(documentSha256([a, b]));
		expect(uploadKey(a)).toBe(`upload:sha256:${a}`);
	});
});

describe('payment identity', () => {
	const base = {
		iban: 'DE89370400440532013000',
		amount: 3896.66,
		currency: 'EUR',
		reference: 'RE-2024-0815',
		purpose: 'Rechnung RE-2024-0815',
	};

	test('normalised: IBAN spacing and case, reference punctuation and case do not matter', () => {
		const identity = paymentIdentity(base);
		expect(identity).not.toBeNull();
		expect(
			paymentIdentity({ ...base, iban: 'de89 3704 0044 0532 0130 00', reference: 're 2024/0815 ' })
				?.key,
		).toBe(identity?.key);
	});

	test('another IBAN, amount, currency or reference is another identity', () => {
		const key = paymentIdentity(base)?.key;
		for (const change of [
			{ iban: 'DE02120300000000202051' },
			{ amount: 3896.67 },
			{ currency: 'CHF' },
			{ reference: 'RE-2024-0816' },
		]) {
			expect(paymentIdentity({ ...base, ...change })?.key).not.toBe(key);
		}
	});

	test('the purpose stands in for a missing reference; without both there is no identity', () => {
		const fromPurpose = paymentIdentity({ ...base, reference: null });
		expect(fromPurpose?.description).toContain('payment purpose Rechnung RE-2024-0815');
		expect(paymentIdentity({ ...base, reference: null, purpose: ' - ' })).toBeNull();
		expect(paymentIdentity({ ...base, iban: null })).toBeNull();
		expect(paymentIdentity({ ...base, iban: 'not an iban' })).toBeNull();
		expect(paymentIdentity({ ...base, amount: null })).toBeNull();
		expect(paymentIdentity({ ...base, amount: 0 })).toBeNull();
	});

	test('the key is a hash and the description shows only the last four IBAN characters', () => {
		const identity = paymentIdentity(base);
		expect(identity?.key).toMatch(/^payment:[0-9a-f]{64}$/);
		expect(identity?.description).toBe(
			'Same IBAN (ending 3000), amount 3896.66 EUR and payment reference RE-2024-0815 as another document this workflow read before',
		);
		const keys = paymentKeys(identity!, 'doc-1');
		expect(keys).toEqual({
			identity: identity?.key,
			document: `${identity?.key}:document:doc-1`,
			flagged: `${identity?.key}:flagged:doc-1`,
		});
	});
});

describe('paymentVerdict', () => {
	test.each([
		// first read of the first document with this identity
		[{ identity: false, document: false, flagged: false }, false, true],
		// first read of another document with a known identity
		[{ identity: true, document: false, flagged: false }, true, false],
		// re-reading a document that was not flagged
		[{ identity: true, document: true, flagged: false }, false, true],
		// re-reading a document that was flagged
		[{ identity: true, document: true, flagged: true }, true, false],
	])('%j → possibleDuplicate %s, forgetFlag %s', (seen, possibleDuplicate, forgetFlag) => {
		expect(paymentVerdict(seen)).toEqual({ possibleDuplicate, forgetFlag });
	});
});

describe('paymentItem with the guard fields', () => {
	const head = { documentId: 'd1', fileName: 'a.pdf', status: 'COMPLETED' };
	const extractions = {
		extractions: { iban: { entity: 'iban', value: 'DE89370400440532013000' } },
	};
	const guard = { possibleDuplicate: true, duplicateMatch: 'Same IBAN' };

	test('Simplify on: after the ten fields', () => {
		const keys = Object.keys(paymentItem({ head, extractions, simplify: true, guard }));
		expect(keys).toEqual([...SIMPLIFIED_FIELDS, 'possibleDuplicate', 'duplicateMatch']);
	});

	test('Simplify off: kept, before the document', () => {
		const json = paymentItem({ head, extractions, document: { id: 'd1' }, simplify: false, guard });
		expect(json).toMatchObject(guard);
		expect(Object.keys(json).pop()).toBe('document');
	});
});
