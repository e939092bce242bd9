/**
 * Invoices printed to PDF by real writers from Debian's packages (test/fixtures/realWriters.cts: Chromium's headless
 * --print-to-pdf from HTML, Ghostscript's ps2pdf from PostScript, LibreOffice's --convert-to pdf from an OpenDocument
 * text), uploaded through the node in n8n's engine: each writer's PDF of each invoice (umlauts, two pages, skonto, a
 * credit note) must give what Gini reads from the sample of the same text: IBAN, amount, recipient, whether to pay,
 * and the rest of the payment view. About 30 s of conversions, hence the soak project; realWriters.test.cts is the
 * short version in `npm test`. A writer that is not installed fails, naming its Debian package, unless
 * GINI_SKIP_MISSING_WRITERS=1 (outside CI) skips it.
 */
import { WRITER_INVOICES, realWriterTests } from './realWritersKit.cts';

realWriterTests(WRITER_INVOICES, 240_000);
