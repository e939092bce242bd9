/**
 * Shapes shared by the emulator's content analysis. The extraction shapes are Gini's (docs/gini-api.md §4.5): every
 * extraction has string `entity` and `value`, an optional `box`, and an optional `candidates` key naming a list in
 * the top-level `candidates` map.
 */

export type SniffedType =
	| 'application/pdf'
	| 'image/png'
	| 'image/jpeg'
	| 'image/gif'
	| 'image/tiff'
	| 'text/plain'
	/** XML e-invoices, accepted as partial documents only (partial+xml, as Gini's SDKs send them). */
	| 'application/xml';

export interface GiniBox {
	page: number;
	left: number;
	top: number;
	width: number;
	height: number;
}

export interface GiniExtraction {
	entity: string;
	value: string;
	box?: GiniBox;
	candidates?: string;
}

export interface ExtractionResult {
	extractions: Record<string, GiniExtraction>;
	compoundExtractions?: Record<string, Array<Record<string, GiniExtraction>>>;
	candidates: Record<string, GiniExtraction[]>;
}

export interface Analysis {
	/** false → the document ends in progress ERROR (corrupt or truncated file, encrypted PDF). */
	readable: boolean;
	/** PDFs: pages in the page tree; images and text: 1. */
	pageCount: number;
	/**
	 * The readable text: lines separated by `\n`, PDF pages by `\f`, and text runs that stand far apart on one
	 * line (table columns) by `\t`. '' when nothing is readable (images: the emulator has no OCR).
	 */
	text: string;
	sourceClassification: 'NATIVE' | 'SCANNED' | 'TEXT' | 'SANDWICH';
	/** XML e-invoices: the payment data read from the XML's structure, used instead of text matching. */
	eInvoice?: ExtractionResult;
}
