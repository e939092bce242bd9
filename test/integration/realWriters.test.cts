/**
 * The short version of realWriters.soak.test.cts: the two-page invoice (umlauts, the total and bank details on page
 * 2) printed to PDF by each real writer from Debian's packages (Chromium from HTML, Ghostscript's ps2pdf from
 * PostScript, LibreOffice from an OpenDocument text; test/fixtures/realWriters.cts), uploaded through the node in
 * n8n's engine: the emulator reads IBAN, amount, recipient and whether to pay as from the sample of the same text.
 * A writer that is not installed fails, naming its Debian package, unless GINI_SKIP_MISSING_WRITERS=1 (outside CI).
 */
import {
	REAL_WRITERS,
	WRITER_INVOICES,
	expectReadAsSample,
	expectWritersInstalled,
	removeRenderings,
	renderAll,
	skippedWriters,
	type Renderings,
} from './realWritersKit.cts';
import { useGini } from './gini.cts';

const gini = useGini({ processingMs: 0 });
const skipped = skippedWriters();
const INVOICES = WRITER_INVOICES.filter((invoice) => invoice.name === 'schmidt-partner');
const renderings: Renderings = new Map();
beforeAll(async () => await renderAll(renderings, INVOICES, skipped), 120_000);
afterAll(() => removeRenderings());

it('every writer is installed, or its tests are skipped on purpose', () => {
	expectWritersInstalled(skipped);
});

describe.each(REAL_WRITERS.map((writer) => [writer.name, writer] as const))(
	'a PDF printed by %s',
	(_, writer) => {
		const test = skipped.has(writer.name) ? it.skip : it;
		test.each(INVOICES.map((invoice) => [invoice.name, invoice.what, invoice] as const))(
			'%s (%s): Gini reads IBAN, amount, recipient and whether to pay',
			async (_name, _what, invoice) => {
				await expectReadAsSample(gini, renderings, writer, invoice);
			},
			60_000,
		);
	},
);
