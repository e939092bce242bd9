/**
 * What must hold of every SEPA file made from a valid batch (the sums and counts computed here from the input texts,
 * the SEPA character set, the lengths, the ids), and the run of many random batches through it and `xmllint`.
 */
import fc from 'fast-check';

import {
	createSepaCreditTransfer,
	type PainVersion,
	type SepaFile,
} from '../../../nodes/GiniPay/shared/payments/sepa';
import { batchArb, batchOfSize, type GeneratedBatch } from './sepaArbitraries.cts';
import { SCHEMAS, validateAll } from './xmllint.cts';

/** The text of every element named `tag`, in document order. */
export function texts(xml: string, tag: string): string[] {
	return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
}

/** Cents of a decimal text, computed with floating point and rounding: an oracle independent of the module. */
export function centsOf(amount: string | number): number {
	return Math.round(Number(String(amount).trim()) * 100);
}

export function centsText(cents: number): string {
	const text = String(cents).padStart(3, '0');
	return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export const SEPA_TEXT = /^[a-zA-Z0-9/\-?:().,'+ ]*$/;

export function fileOf(batch: GeneratedBatch): SepaFile {
	return createSepaCreditTransfer(
		batch.debtor,
		batch.transactions.map((t) => t.input),
		{
			version: batch.version,
			executionDate: batch.executionDate,
			...(batch.batchBooking === undefined ? {} : { batchBooking: batch.batchBooking }),
		},
	);
}

/** What must hold of every file made from a valid batch, apart from the schema. */
export function checkFile(batch: GeneratedBatch, file: SepaFile): void {
	const n = batch.transactions.length;
	expect(file.refused).toEqual([]);
	const outsideEea = ['AD', 'AL', 'CH', 'GB', 'GI', 'MC', 'MD', 'ME', 'MK', 'SM', 'VA'];
	expect(file.warnings.map((w) => w.index)).toEqual(
		batch.debtor.address
			? []
			: batch.transactions.flatMap((t, i) =>
					outsideEea.includes(t.input.iban.slice(0, 2)) ? [i] : [],
				),
	);
	expect(file.numberOfTransactions).toBe(n);
	const expectedCents = batch.transactions.reduce((sum, t) => sum + centsOf(t.input.amount), 0);
	expect(file.controlSum).toBe(centsText(expectedCents));
	expect(texts(file.xml, 'NbOfTxs')).toEqual([String(n), String(n)]);
	expect(texts(file.xml, 'CtrlSum')).toEqual([file.controlSum, file.controlSum]);
	const amounts = texts(file.xml, 'InstdAmt');
	expect(amounts).toHaveLength(n);
	expect(amounts.map(centsOf)).toEqual(batch.transactions.map((t) => Number(t.cents)));
	expect(amounts.every((a) => /^[0-9]+\.[0-9]{2}$/.test(a))).toBe(true);
	// Every text is in the SEPA character set, names within 70 characters, ids within 35 (one expect each: jest's
	// expect is slow for the thousands of values of a big file).
	const outside: string[] = [];
	for (const tag of [
		'Nm',
		'Ustrd',
		'Ref',
		'EndToEndId',
		'MsgId',
		'PmtInfId',
		'IBAN',
		'BIC',
		'BICFI',
	]) {
		for (const value of texts(file.xml, tag))
			if (!SEPA_TEXT.test(value)) outside.push(`${tag}: ${value}`);
	}
	expect(outside).toEqual([]);
	expect(texts(file.xml, 'Nm').filter((v) => v.length > 70)).toEqual([]);
	expect(texts(file.xml, 'Ustrd').filter((v) => v.length > 140)).toEqual([]);
	const ids = texts(file.xml, 'EndToEndId');
	expect(ids).toHaveLength(n);
	const badIds = [...ids, file.messageId].filter(
		(id) =>
			id.length === 0 ||
			id.length > 35 ||
			id.startsWith('/') ||
			id.endsWith('/') ||
			id.includes('//'),
	);
	expect(badIds).toEqual([]);
	expect(texts(file.xml, 'MsgId')).toEqual([file.messageId]);
	expect(file.xml).toContain(`xmlns="urn:iso:std:iso:20022:tech:xsd:${batch.version}"`);
}

/**
 * Makes `count` random valid batches (one of 1 transfer, one of 10,000, the others of 1 to `maxSize`), checks each
 * file with checkFile and that it comes out the same twice, then validates all of them against their version's
 * schema, with one xmllint run per version. A failure names the batch and the seed that made it.
 */
export function checkRandomBatches(options: { count: number; maxSize: number; seed?: number }): {
	batches: number;
	transfers: number;
} {
	const seed = options.seed ?? Date.now() ^ (process.pid << 8);
	const batches = [
		...fc.sample(batchOfSize(1), { numRuns: 1, seed }),
		...fc.sample(batchOfSize(10_000), { numRuns: 1, seed }),
		...fc.sample(batchArb(options.maxSize), { numRuns: options.count - 2, seed }),
	];
	const documents: Record<PainVersion, Map<string, string>> = {
		'pain.001.001.09': new Map(),
		'pain.001.001.03': new Map(),
	};
	let transfers = 0;
	batches.forEach((batch, index) => {
		const where = `batch ${index} of seed ${seed} (${batch.transactions.length} transfers, ${batch.version})`;
		const file = fileOf(batch);
		try {
			checkFile(batch, file);
		} catch (error) {
			throw new Error(`${where}: ${(error as Error).message}`);
		}
		expect(fileOf(batch).xml === file.xml ? where : `${where}: another file the second time`).toBe(
			where,
		);
		documents[batch.version].set(where, file.xml);
		transfers += batch.transactions.length;
	});
	for (const version of ['pain.001.001.09', 'pain.001.001.03'] as PainVersion[]) {
		const result = validateAll(SCHEMAS[version], documents[version]);
		expect([...result.invalid]).toEqual([]);
		expect(result.valid).toHaveLength(documents[version].size);
	}
	return { batches: batches.length, transfers };
}
