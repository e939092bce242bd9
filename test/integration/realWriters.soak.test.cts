/**
 * Invoices printed to PDF by real writers from Debian's packages (test/fixtures/realWriters.cts: Chromium's headless
 * --print-to-pdf from HTML, Ghostscript's ps2pdf from PostScript, LibreOffice's --convert-to pdf from an OpenDocument
 * text), uploaded through the node in n8n's engine: each writer's PDF of each invoice (umlauts, two pages, skonto, a
 * credit note) must give what Gini reads from the sample of the same text: IBAN, amount, recipient, whether to pay,
 * and the rest of the payment view. About 30 s of conversions, hence the soak project; realWriters.test.cts is the
 * short version in `npm test`. A writer that is not installed fails, naming its Debian package, unless
 * GINI_SKIP_MISSING_WRITERS=1 (outside CI) skips it.
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
const renderings: Renderings = new Map();
beforeAll(async () => await renderAll(renderings, WRITER_INVOICES, skipped), 240_000);
afterAll(() => removeRenderings());

it('every writer is installed, or its tests are skipped on purpose', () => {
	expectWritersInstalled(skipped);
});

describe.each(REAL_WRITERS.map((writer) => [writer.name, writer] as const))(
	'PDFs printed by %s',
	(_, writer) => {
		const test = skipped.has(writer.name) ? it.skip : it;
		test.each(WRITER_INVOICES.map((invoice) => [invoice.name, invoice.what, invoice] as const))(
			'%s (%s): Gini reads IBAN, amount, recipient and whether to pay',
			async (_name, _what, invoice) => {
				await expectReadAsSample(gini, renderings, writer, invoice);
			},
			60_000,
		);
	},
);
