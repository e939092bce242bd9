/**
 * A file Gini does not read (an RTF letter, a JSON export, a Word document): the upload refuses it before sending,
 * saying in plain words what the file is, which kinds Gini reads and what to do, without media types in the message
 * and without advice that would only get the file refused by Gini instead (declaring it application/octet-stream).
 */
import { NodeOperationError, type INodeParameters } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, resetTokenCache, runGini } from './gini.cts';

const upload: INodeParameters = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
};

const RTF = Buffer.from(
	'{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0\\fs24 Rechnung Nr. 4711\\par Gesamtbetrag: 120,00 EUR\\par}',
	'latin1',
);

/** What Gini reads, as the description of every refusal of an unsupported file says it. */
const READS = 'Gini reads PDF files, images (PNG, JPEG, GIF, TIFF), plain text and XML e-invoices';

describe('Upload of a file Gini does not read', () => {
	let gini: Emulator;
	beforeAll(async () => {
		gini = await startEmulator();
	});
	afterAll(async () => await gini.stop());
	beforeEach(() => {
		resetTokenCache();
		gini.resetCounters();
	});

	async function refused(fileName: string, bytes: Buffer, mimeType: string) {
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini),
			parameters: upload,
			items: [await binaryItem(bytes, fileName, mimeType)],
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(gini.counters().requests.byRoute['POST /documents'] ?? 0).toBe(0);
		return result.error as NodeOperationError & { description?: string };
	}

	it.each([['application/rtf'], ['text/rtf'], ['application/octet-stream']])(
		'an RTF file declared as %s: named in plain words, with what Gini reads and to convert it to PDF',
		async (mimeType) => {
			const error = await refused('rechnung.rtf', RTF, mimeType);
			expect(error.message).toBe(
				'The file is an RTF document (Rich Text), which Gini cannot read (binary field "data")',
			);
			expect(error.description).toContain(READS);
			expect(error.description).toContain('Save or export it as a PDF');
			expect(error.description).not.toContain('set it to');
		},
	);

	it('a JSON export: no media type in the message, no advice to declare it otherwise', async () => {
		const error = await refused(
			'rechnung.json',
			Buffer.from('{"invoice": 4711, "total": "120.00"}'),
			'application/json',
		);
		expect(error.message).toBe(
			'The file is a JSON file, which Gini cannot read (binary field "data")',
		);
		expect(error.description).toContain(READS);
		expect(error.description).not.toContain('octet-stream');
	});

	it('a file of a type without a plain name: the message has no media type, the description keeps it', async () => {
		const error = await refused(
			'rechnung.xyz',
			Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x20]),
			'application/x-frobnicate',
		);
		expect(error.message).toBe('The file is of a kind Gini cannot read (binary field "data")');
		expect(error.message).not.toContain('application/');
		expect(error.description).toContain(READS);
		expect(error.description).toContain('application/x-frobnicate');
	});
});
