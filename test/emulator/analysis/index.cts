/**
 * Document content for the Gini emulator: what a document is (sniffing), what it says (text of PDFs and plain
 * text), and what Gini would extract from it (payment fields), plus the entity rules for feedback. Exactly what
 * upload.cts, processing.cts and feedback.cts use; the analysis' own tests import its modules directly.
 */
export type { Analysis, ExtractionResult, GiniBox, GiniExtraction, SniffedType } from './types.cts';
export { isXml, sniffMediaType } from './sniff.cts';
export { analyzeContent } from './analyzeContent.cts';
export { extractPaymentData } from './extract/extractPaymentData.cts';
export { validateFeedbackValue } from './feedback.cts';
