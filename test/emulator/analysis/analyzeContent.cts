import { isReadableGif, isReadableJpeg, isReadablePng, isReadableTiff } from './images.cts';
import { analyzePdf } from './analyzePdf.cts';
import { decodePlainText } from './sniff.cts';
import type { Analysis, SniffedType } from './types.cts';
import { readEInvoice } from './xml/eInvoice.cts';

const IMAGE_CHECKS: Record<string, (bytes: Buffer) => boolean> = {
	'image/png': isReadablePng,
	'image/jpeg': isReadableJpeg,
	'image/gif': isReadableGif,
	'image/tiff': isReadableTiff,
};

/**
 * What the emulator's "processing" sees in a document of a sniffed type. Gini's sourceClassification values
 * (docs/gini-api.md §4.3): NATIVE for PDFs with a text layer, SCANNED for images, TEXT for plain text, SANDWICH for a
 * scan with an invisible OCR layer. Images have no text here: the emulator does not do OCR. Async because pdf.js
 * is; never rejects.
 */
export async function analyzeContent(bytes: Buffer, type: SniffedType): Promise<Analysis> {
	if (type === 'application/pdf') {
		try {
			return await analyzePdf(bytes);
		} catch {
			return { readable: false, pageCount: 0, text: '', sourceClassification: 'NATIVE' };
		}
	}
	if (type === 'text/plain') {
		try {
			return {
				readable: true,
				pageCount: 1,
				text: decodePlainText(bytes),
				sourceClassification: 'TEXT',
			};
		} catch {
			return { readable: false, pageCount: 1, text: '', sourceClassification: 'TEXT' };
		}
	}
	if (type === 'application/xml') {
		// Only e-invoices are read; other or malformed XML ends in ERROR, like a corrupt PDF [INFERRED].
		let eInvoice;
		try {
			eInvoice = readEInvoice(decodePlainText(bytes));
		} catch {
			eInvoice = undefined;
		}
		return eInvoice
			? { readable: true, pageCount: 1, text: '', sourceClassification: 'TEXT', eInvoice }
			: { readable: false, pageCount: 1, text: '', sourceClassification: 'TEXT' };
	}
	let readable = false;
	try {
		readable = IMAGE_CHECKS[type]?.(bytes) ?? false;
	} catch {
		// A structure that points outside the file: broken, like any other unreadable image.
	}
	return { readable, pageCount: 1, text: '', sourceClassification: 'SCANNED' };
}
