import { createHash } from 'node:crypto';

import {
	PDFDocument,
	PDFHexString,
	PDFName,
	PDFPage,
	StandardFonts,
	TextRenderingMode,
	drawObject,
	setTextRenderingMode,
} from 'pdf-lib';

import { encodePng } from '../../fixtures/binary.cts';
import { analyzeContent } from './index.cts';

/**
 * What the emulator makes of a PDF (text, pages, classification, refusal), on PDFs written by pdf-lib: compressed
 * object streams and FlateDecode content, as real writers produce them. The samples (samples.test.cts) pin the
 * invoice PDFs, a cut-off file and NATIVE; how pdf.js decodes strings, fonts and filters is pdf.js' own business.
 */

const analyze = (pdf: Uint8Array) => analyzeContent(Buffer.from(pdf), 'application/pdf');

/** A PDF of A4 pages, each drawn by `draw` with Helvetica (WinAnsi). */
async function pdfOf(pages: number, draw: (page: PDFPage, index: number) => void) {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	for (let index = 0; index < pages; index++) {
		const page = doc.addPage([595, 842]);
		page.setFont(font);
		page.setFontSize(10);
		draw(page, index);
	}
	return doc;
}

/** One page whose content stream is `content`, with `/F1` the given font dictionary (and ToUnicode CMap). */
async function rawPage(content: string, font: Record<string, unknown>, toUnicode?: string) {
	const doc = await PDFDocument.create();
	const page = doc.addPage([595, 842]);
	const { context } = doc;
	const dict = { ...font };
	if (toUnicode !== undefined) dict.ToUnicode = context.register(context.flateStream(toUnicode));
	page.node.setFontDictionary(PDFName.of('F1'), context.register(context.obj(dict as never)));
	page.node.set(PDFName.of('Contents'), context.register(context.flateStream(content)));
	return doc;
}

describe('PDF text', () => {
	test('label and value columns on one baseline are joined by a tab, words by a space', async () => {
		const doc = await pdfOf(1, (page) => {
			page.drawText('Gesamtbetrag', { x: 56, y: 700 });
			page.drawText('1.190,00 EUR', { x: 300, y: 700 });
			page.drawText('zahlbar', { x: 56, y: 680 });
			page.drawText('sofort', { x: 94, y: 680 });
		});
		expect((await analyze(await doc.save())).text).toBe(
			'Gesamtbetrag\t1.190,00 EUR\nzahlbar sofort',
		);
	});

	test('lines read top to bottom and runs left to right, whatever order the content draws them in', async () => {
		const doc = await pdfOf(1, (page) => {
			page.drawText('unten', { x: 56, y: 600 });
			page.drawText('DE89 3704 0044 0532 0130 00', { x: 88, y: 700 });
			page.drawText('IBAN:', { x: 56, y: 700 });
			page.drawText('oben', { x: 56, y: 780 });
		});
		expect((await analyze(await doc.save())).text).toBe(
			'oben\nIBAN: DE89 3704 0044 0532 0130 00\nunten',
		);
	});

	test('a Type0 font is read through its ToUnicode CMap (bfchar and bfrange)', async () => {
		const cmap = [
			'/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
			'/CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange',
			'2 beginbfchar <0001> <00DC> <0002> <0020> endbfchar',
			'1 beginbfrange <0010> <0015> <0061> endbfrange',
			'endcmap CMapName currentdict /CMap defineresource pop end end',
		].join('\n');
		const doc = await rawPage(
			'BT /F1 10 Tf 56 800 Td <0001001100120002001500140013> Tj ET',
			{
				Type: 'Font',
				Subtype: 'Type0',
				BaseFont: 'X',
				Encoding: 'Identity-H',
				DescendantFonts: [
					{
						Type: 'Font',
						Subtype: 'CIDFontType2',
						BaseFont: 'X',
						CIDSystemInfo: {
							Registry: PDFHexString.fromText('Adobe'),
							Ordering: PDFHexString.fromText('Identity'),
							Supplement: 0,
						},
						DW: 500,
					},
				],
			},
			cmap,
		);
		expect(await analyze(await doc.save())).toMatchObject({ readable: true, text: 'Übc fed' });
	});
});

describe('PDF pages', () => {
	test('pages are read in page-tree order, separated by a form feed', async () => {
		const doc = await pdfOf(1, (page) => page.drawText('second', { x: 56, y: 800 }));
		const first = doc.insertPage(0, [595, 842]);
		first.drawText('first', { x: 56, y: 800, font: await doc.embedFont(StandardFonts.Helvetica) });
		expect(await analyze(await doc.save())).toMatchObject({ pageCount: 2, text: 'first\fsecond' });
	});

	test('only the first 10 pages are read, but all pages are counted', async () => {
		const doc = await pdfOf(12, (page, index) => page.drawText(`p${index + 1}`, { x: 56, y: 800 }));
		const result = await analyze(await doc.save());
		expect(result.pageCount).toBe(12);
		expect(result.text.split('\f')).toEqual(Array.from({ length: 10 }, (_, i) => `p${i + 1}`));
	});

	test('a PDF without any page is unreadable', async () => {
		const doc = await PDFDocument.create();
		const pdf = await doc.save({ addDefaultPage: false });
		expect(await analyze(pdf)).toMatchObject({ readable: false, pageCount: 0 });
	});
});

describe('PDF readability and classification', () => {
	test('a PDF that needs a password to open is unreadable', async () => {
		const doc = await pdfOf(1, (page) => page.drawText('geheim', { x: 56, y: 800 }));
		doc.context.trailerInfo.Encrypt = doc.context.obj({
			Filter: 'Standard',
			V: 1,
			R: 2,
			O: PDFHexString.of('00'.repeat(32)),
			U: PDFHexString.of('00'.repeat(32)),
			P: -4,
		});
		expect(await analyze(await doc.save({ useObjectStreams: false }))).toMatchObject({
			readable: false,
			text: '',
		});
	});

	test('an encrypted PDF that opens without a password (owner password only) is unreadable too', async () => {
		const doc = await pdfOf(1, (page) => page.drawText('nur Rechte', { x: 56, y: 800 }));
		const id = Buffer.alloc(16, 7);
		const owner = Buffer.alloc(32, 1);
		doc.context.trailerInfo.ID = doc.context.obj([
			PDFHexString.of(id.toString('hex')),
			PDFHexString.of(id.toString('hex')),
		]);
		doc.context.trailerInfo.Encrypt = doc.context.obj({
			Filter: 'Standard',
			V: 1,
			R: 2,
			O: PDFHexString.of(owner.toString('hex')),
			U: PDFHexString.of(emptyUserPasswordEntry(owner, -4, id).toString('hex')),
			P: -4,
		});
		expect(await analyze(await doc.save({ useObjectStreams: false }))).toMatchObject({
			readable: false,
			pageCount: 1,
			text: '',
		});
	});

	test('content that pdf.js cannot interpret makes the PDF unreadable', async () => {
		const helvetica = { Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' };
		const text = 'BT /F1 10 Tf 56 800 Td (Rechnung) Tj ET';
		const fine = await rawPage(text, helvetica);
		expect(await analyze(await fine.save())).toMatchObject({ readable: true, text: 'Rechnung' });
		// The same page drawing an XObject that its resources lack: pdf.js stops instead of skipping it.
		const broken = await rawPage(`${text} /Im9 Do`, helvetica);
		expect(await analyze(await broken.save())).toMatchObject({ readable: false, text: '' });
	});

	test('a content stream whose compressed data is garbage reads as a blank page, as in a viewer', async () => {
		const doc = await pdfOf(1, () => undefined);
		const { context } = doc;
		const garbage = context.stream('not zlib at all, just bytes', { Filter: 'FlateDecode' });
		doc.getPage(0).node.set(PDFName.of('Contents'), context.register(garbage));
		expect(await analyze(await doc.save())).toEqual({
			readable: true,
			pageCount: 1,
			text: '',
			sourceClassification: 'NATIVE',
		});
	});

	test('a page that only draws an image is SCANNED with no text', async () => {
		const doc = await pdfOf(1, () => undefined);
		const image = await doc.embedPng(grayPng());
		doc.getPage(0).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
		expect(await analyze(await doc.save())).toEqual({
			readable: true,
			pageCount: 1,
			text: '',
			sourceClassification: 'SCANNED',
		});
	});

	test('an image with invisible OCR text over it is SANDWICH; visible text over it is NATIVE', async () => {
		const withText = async (mode: TextRenderingMode) => {
			const doc = await pdfOf(1, () => undefined);
			const page = doc.getPage(0);
			page.drawImage(await doc.embedPng(grayPng()), { x: 0, y: 0, width: 595, height: 842 });
			page.pushOperators(setTextRenderingMode(mode));
			page.drawText('OCR Text', { x: 56, y: 800 });
			return analyze(await doc.save());
		};
		expect(await withText(TextRenderingMode.Invisible)).toEqual({
			readable: true,
			pageCount: 1,
			text: 'OCR Text',
			sourceClassification: 'SANDWICH',
		});
		expect(await withText(TextRenderingMode.Fill)).toMatchObject({
			text: 'OCR Text',
			sourceClassification: 'NATIVE',
		});
	});
});

test('a rendering mode set inside a form XObject ends with the form', async () => {
	const doc = await pdfOf(1, () => undefined);
	const page = doc.getPage(0);
	page.drawImage(await doc.embedPng(grayPng()), { x: 0, y: 0, width: 595, height: 842 });
	const form = doc.context.stream('3 Tr', {
		Type: 'XObject',
		Subtype: 'Form',
		BBox: [0, 0, 595, 842],
	});
	page.node.setXObject(PDFName.of('Fm1'), doc.context.register(form));
	page.pushOperators(drawObject('Fm1'));
	page.drawText('sichtbar', { x: 56, y: 800 });
	expect(await analyze(await doc.save())).toMatchObject({
		text: 'sichtbar',
		sourceClassification: 'NATIVE',
	});
});

function grayPng(): Buffer {
	return encodePng({ width: 4, height: 4, pixels: Buffer.alloc(4 * 4 * 3, 0x80) });
}

/** The /U entry of revision 2 standard security with an empty user password (ISO 32000-1 §7.6.3.4, Algorithm 4). */
function emptyUserPasswordEntry(owner: Buffer, permissions: number, id: Buffer): Buffer {
	const padding = Buffer.from(
		'28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a',
		'hex',
	);
	const p = Buffer.alloc(4);
	p.writeInt32LE(permissions);
	const key = createHash('md5')
		.update(Buffer.concat([padding, owner, p, id]))
		.digest()
		.subarray(0, 5);
	return rc4(key, padding);
}

function rc4(key: Buffer, data: Buffer): Buffer {
	const s = Array.from({ length: 256 }, (_, i) => i);
	for (let i = 0, j = 0; i < 256; i++) {
		j = (j + s[i] + key[i % key.length]) & 0xff;
		[s[i], s[j]] = [s[j], s[i]];
	}
	const out = Buffer.alloc(data.length);
	for (let n = 0, i = 0, j = 0; n < data.length; n++) {
		i = (i + 1) & 0xff;
		j = (j + s[i]) & 0xff;
		[s[i], s[j]] = [s[j], s[i]];
		out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
	}
	return out;
}
