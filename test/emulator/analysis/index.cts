/**
 * Document content for the Gini emulator: what a document is (sniffing), what it says (text of PDFs and plain
 * text), and what Gini would extract from it (payment fields), plus the entity rules for feedback.
 */
export type { Analysis, ExtractionResult, GiniBox, GiniExtraction, SniffedType } from './types.cts';
export { isXml, sniffMediaType } from './sniff.cts';
export { readEInvoice } from './xml/eInvoice.cts';
export { analyzeContent } from './analyzeContent.cts';
export { extractPaymentData } from './extract/extractPaymentData.cts';
export { validateFeedbackValue } from './feedback.cts';
export { isValidIban } from './iban.cts';
