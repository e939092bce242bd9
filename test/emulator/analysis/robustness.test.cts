import fc from 'fast-check';

import { loadFixture, SAMPLE_INVOICES } from '../../fixtures/invoices.cts';
import { isValidIban } from './iban.cts';
import { analyzeContent, extractPaymentData, sniffMediaType, type SniffedType } from './index.cts';

/** Uploads are untrusted bytes: damaged or hostile input must give an answer, never an exception. */

const CLASSIFICATIONS = ['NATIVE', 'SCANNED', 'TEXT', 'SANDWICH'];

async function wellFormed(bytes: Buffer, type: SniffedType): Promise<boolean> {
	const analysis = await analyzeContent(bytes, type);
	const result = extractPaymentData(analysis.text);
	return (
		typeof analysis.readable === 'boolean' &&
		Number.isInteger(analysis.pageCount) &&
		typeof analysis.text === 'string' &&
		CLASSIFICATIONS.includes(analysis.sourceClassification) &&
		(analysis.readable || analysis.text === '') &&
		typeof result.extractions === 'object' &&
		typeof result.candidates === 'object'
	);
}

const samples = SAMPLE_INVOICES.filter((sample) => sample.outcome !== 'UNSUPPORTED').map(
	(sample) => ({
		bytes: loadFixture(sample.file),
		type: sniffMediaType(loadFixture(sample.file))!,
	}),
);

test('sample files with random bytes overwritten still give a well-formed analysis', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...samples),
			fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
				minLength: 1,
				maxLength: 8,
			}),
			({ bytes, type }, edits) => {
				const damaged = Buffer.from(bytes);
				for (const [position, value] of edits) damaged[position % damaged.length] = value;
				return wellFormed(damaged, type);
			},
		),
		{ numRuns: 300 },
	);
});

test('sample files cut at any length still give a well-formed analysis', async () => {
	await fc.assert(
		fc.asyncProperty(fc.constantFrom(...samples), fc.nat(), ({ bytes, type }, cut) =>
			wellFormed(bytes.subarray(0, cut % bytes.length), type),
		),
		{ numRuns: 200 },
	);
});

test('random bytes behind each signature give a well-formed analysis', async () => {
	const heads: Array<[SniffedType, Buffer]> = [
		['application/pdf', Buffer.from('%PDF-1.4\n')],
		['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
		['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])],
		['image/gif', Buffer.from('GIF89a')],
		['image/tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00])],
	];
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...heads),
			fc.uint8Array({ maxLength: 300 }),
			([type, head], tail) => wellFormed(Buffer.concat([head, Buffer.from(tail)]), type),
		),
		{ numRuns: 300 },
	);
});

test('random PDF-like token soup gives a well-formed analysis', async () => {
	const token = fc.constantFrom(
		'1 0 obj',
		'endobj',
		'<<',
		'>>',
		'[',
		']',
		'/Type',
		'/Page',
		'/Pages',
		'/Kids',
		'/Contents',
		'/Length',
		'5',
		'0 R',
		'stream\n',
		'\nendstream',
		'(text)',
		'<41>',
		'BT',
		'ET',
		'Tj',
		'TJ',
		'/Filter',
		'/FlateDecode',
		'/ObjStm',
		'/N',
		'/First',
		'trailer',
		'/Root',
		'%%EOF',
		'\\',
		'(',
		')',
	);
	await fc.assert(
		fc.asyncProperty(fc.array(token, { maxLength: 60 }), (tokens) =>
			wellFormed(
				Buffer.from(`%PDF-1.4\n${tokens.join(' ')}\n%%EOF\n`, 'latin1'),
				'application/pdf',
			),
		),
		{ numRuns: 300 },
	);
});

test('extraction on arbitrary text never throws and extracts only checksum-valid IBANs', () => {
	fc.assert(
		fc.property(fc.string({ maxLength: 400 }), (text) => {
			const { extractions } = extractPaymentData(text);
			return extractions.iban === undefined || isValidIban(extractions.iban.value);
		}),
		{ numRuns: 300 },
	);
});
