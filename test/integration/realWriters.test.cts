/**
 * The short version of realWriters.soak.test.cts: the two-page invoice (umlauts, the total and bank details on page
 * 2) printed to PDF by each real writer from Debian's packages (Chromium from HTML, Ghostscript's ps2pdf from
 * PostScript, LibreOffice from an OpenDocument text; test/fixtures/realWriters.cts), uploaded through the node in
 * n8n's engine: the emulator reads IBAN, amount, recipient and whether to pay as from the sample of the same text.
 * A writer that is not installed fails, naming its Debian package, unless GINI_SKIP_MISSING_WRITERS=1 (outside CI).
 */
import { WRITER_INVOICES, realWriterTests } from './realWritersKit.cts';

realWriterTests(
	WRITER_INVOICES.filter((invoice) => invoice.name === 'schmidt-partner'),
	120_000,
);
