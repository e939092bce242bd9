import { analyzeContent } from './index.cts';
import { assemblePdf, onePagePdf, stream } from '../../fixtures/pdf.cts';

const analyze = (pdf: Buffer) => analyzeContent(pdf, 'application/pdf');

describe('PDF pages', () => {
	const page = (parent: number, contents: number) =>
		`<< /Type /Page /Parent ${parent} 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents ${contents} 0 R >>`;
	const show = (text: string) => stream('', `BT /F1 10 Tf 56 800 Td (${text}) Tj ET`);

	test('pages are read in page-tree order, not in object order, with pages separated by a form feed', () => {
		const pdf = assemblePdf([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [6 0 R 4 0 R] /Count 2 >>',
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
			page(2, 5),
			show('second'),
			page(2, 7),
			show('first'),
		]);
		expect(analyze(pdf)).toMatchObject({ pageCount: 2, text: 'first\fsecond' });
	});

	test('resources inherited from the page tree node apply to its pages', () => {
		const pdf = assemblePdf([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [4 0 R] /Count 1 /Resources << /Font << /F1 3 0 R >> >> >>',
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
			'<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>',
			stream('', 'BT /F1 10 Tf 56 800 Td (Gr\\374\\337e) Tj ET'),
		]);
		expect(analyze(pdf).text).toBe('Grüße');
	});

	test('only the first 10 pages are read, but all pages are counted', () => {
		const objects: Array<string | Buffer> = [
			'<< /Type /Catalog /Pages 2 0 R >>',
			`<< /Type /Pages /Kids [${Array.from({ length: 12 }, (_, i) => `${4 + 2 * i} 0 R`).join(' ')}] /Count 12 >>`,
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		];
		for (let i = 1; i <= 12; i++) objects.push(page(2, objects.length + 2), show(`p${i}`));
		const result = analyze(assemblePdf(objects));
		expect(result.pageCount).toBe(12);
		expect(result.text.split('\f')).toEqual([
			'p1',
			'p2',
			'p3',
			'p4',
			'p5',
			'p6',
			'p7',
			'p8',
			'p9',
			'p10',
		]);
	});

	test('without a usable page tree, every /Type /Page object counts', () => {
		const pdf = assemblePdf(
			[
				'<< /Type /Catalog >>',
				'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
				'<< /Type /Page /Resources << /Font << /F1 2 0 R >> >> /Contents 4 0 R >>',
				show('verwaist'),
				'<< /Type /Page /Resources << /Font << /F1 2 0 R >> >> /Contents 4 0 R >>',
			],
			{ trailer: '' },
		);
		expect(analyze(pdf)).toMatchObject({
			readable: true,
			pageCount: 2,
			text: 'verwaist\fverwaist',
		});
	});
});

// A text PDF being NATIVE and a file cut off before %%EOF being unreadable are pinned by the samples
// (samples.test.cts: the invoice PDFs and corrupt-truncated.pdf).
describe('PDF readability and classification', () => {
	test('a password-protected (encrypted) PDF is unreadable', () => {
		const pdf = assemblePdf(
			[
				'<< /Type /Catalog /Pages 2 0 R >>',
				'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
				'<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
				stream('', 'BT ET'),
				'<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>',
			],
			{ trailer: '/Root 1 0 R /Encrypt 5 0 R' },
		);
		expect(analyze(pdf)).toMatchObject({ readable: false, text: '' });
	});

	test('a content stream whose compressed data is garbage makes the PDF unreadable', () => {
		const pdf = onePagePdf(
			stream('/Filter /FlateDecode', Buffer.from('not zlib at all, just bytes')),
		);
		expect(analyze(pdf)).toMatchObject({ readable: false, text: '' });
	});

	test('a PDF without any page is unreadable', () => {
		const pdf = assemblePdf([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [] /Count 0 >>',
		]);
		expect(analyze(pdf)).toMatchObject({ readable: false, pageCount: 0 });
	});

	test('bytes that only start like a PDF are unreadable, not an exception', () => {
		expect(analyze(Buffer.from('%PDF-1.4\n%%EOF\n'))).toMatchObject({ readable: false });
		expect(
			analyze(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page /Contents 9 0 R >> endobj %%EOF')),
		).toMatchObject({
			readable: true,
			text: '',
		});
	});

	test('a page that only draws an image is SCANNED with no text', () => {
		const pdf = onePagePdf(stream('', 'q 595 0 0 842 0 0 cm /Im1 Do Q'), {
			resources: '/XObject << /Im1 6 0 R >>',
			extra: [
				stream(
					'/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /DCTDecode',
					'xx',
				),
			],
		});
		expect(analyze(pdf)).toEqual({
			readable: true,
			pageCount: 1,
			text: '',
			sourceClassification: 'SCANNED',
		});
	});

	test('an image with invisible OCR text over it is SANDWICH', () => {
		const pdf = onePagePdf(
			stream('', 'q 595 0 0 842 0 0 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 56 800 Td (OCR Text) Tj ET'),
			{
				resources: '/XObject << /Im1 6 0 R >>',
				extra: [
					stream(
						'/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray',
						'x',
					),
				],
			},
		);
		expect(analyze(pdf)).toEqual({
			readable: true,
			pageCount: 1,
			text: 'OCR Text',
			sourceClassification: 'SANDWICH',
		});
	});

	test('a stream with a filter the reader lacks contributes no text but does not break the PDF', () => {
		const pdf = onePagePdf(stream('/Filter /LZWDecode', Buffer.from([0x80, 0x0b, 0x60, 0x50])));
		expect(analyze(pdf)).toMatchObject({ readable: true, text: '' });
	});
});
