import { analyzeContent } from './index.cts';
import { assemblePdf, onePagePdf, stream } from '../../fixtures/pdf.cts';

/** A page whose content is the given text-showing operators inside BT/ET, in 10 pt Helvetica. */
function textPage(operators: string): Buffer {
	return onePagePdf(stream('', `BT /F1 10 Tf 14 TL\n${operators}\nET`));
}

const analyze = (pdf: Buffer) => analyzeContent(pdf, 'application/pdf');

describe('PDF text: strings', () => {
	test('literal strings decode escapes, balanced parentheses and octal codes as WinAnsi', () => {
		const pdf = textPage('56 800 Td (Stra\\337e \\(Hof\\) 1\\\\2 M\\374ller \\200 \\t x) Tj');
		// A tab byte is blank in WinAnsi; it reads as a space.
		expect(analyze(pdf).text).toBe('Straße (Hof) 1\\2 Müller €   x');
	});

	test('nested unescaped parentheses stay part of the string', () => {
		expect(analyze(textPage('56 800 Td (a (b) c) Tj')).text).toBe('a (b) c');
	});

	test('hex strings decode, odd length padded with 0, whitespace ignored', () => {
		expect(analyze(textPage('56 800 Td <4B F6686C 6572> Tj <41 4>Tj')).text).toBe('KöhlerA@');
	});

	test('a backslash before an end of line continues the string', () => {
		expect(analyze(textPage('56 800 Td (Rech\\\nnung) Tj')).text).toBe('Rechnung');
	});
});

describe('PDF text: positioning', () => {
	test('T*, Td with a vertical move, and the quote operators start new lines', () => {
		const pdf = textPage(
			`56 800 Td (one) Tj T* (two) Tj 0 -14 Td (three) Tj (four) ' 1 0 (five) "`,
		);
		expect(analyze(pdf).text).toBe('one\ntwo\nthree\nfour\nfive');
	});

	test('Tm sets an absolute position: same baseline joins, another baseline breaks the line', () => {
		const pdf = textPage(
			'1 0 0 1 56 800 Tm (Gesamt) Tj 1 0 0 1 90 800 Tm (119,00) Tj 1 0 0 1 56 700 Tm (next) Tj',
		);
		expect(analyze(pdf).text).toBe('Gesamt 119,00\nnext');
	});

	test('a column-sized gap on one baseline becomes a tab', () => {
		const pdf = textPage('56 800 Td (Summe) Tj 274 0 Td (87,40 EUR) Tj');
		expect(analyze(pdf).text).toBe('Summe\t87,40 EUR');
	});

	test('TJ kerning keeps a word together and a large negative adjustment is a space', () => {
		const pdf = textPage('56 800 Td [(Rech) 12 (nung) -600 (Nr) -20 (.)] TJ');
		expect(analyze(pdf).text).toBe('Rechnung Nr.');
	});

	test('text in separate BT blocks at decreasing heights reads top to bottom', () => {
		const content = stream(
			'',
			'BT /F1 10 Tf 56 800 Td (first) Tj ET BT /F1 10 Tf 56 780 Td (second) Tj ET',
		);
		expect(analyze(onePagePdf(content)).text).toBe('first\nsecond');
	});

	test('cm scaling and a flipped coordinate system still separate lines', () => {
		const content = stream(
			'',
			'1 0 0 -1 0 842 cm BT /F1 10 Tf 1 0 0 -1 56 40 Tm (top) Tj 1 0 0 -1 56 60 Tm (below) Tj ET',
		);
		expect(analyze(onePagePdf(content)).text).toBe('top\nbelow');
	});

	test('inline images are skipped, including binary bytes that look like operators', () => {
		const content = Buffer.concat([
			Buffer.from('BI /W 2 /H 1 /BPC 8 /CS /G ID ', 'latin1'),
			Buffer.from([0x28, 0x29, 0x54, 0x6a]),
			Buffer.from('\nEI BT /F1 10 Tf 56 800 Td (after) Tj ET', 'latin1'),
		]);
		const result = analyze(onePagePdf(stream('', content)));
		expect(result.text).toBe('after');
	});
});

// FlateDecode content is read in the compressed samples (samples.test.cts).
describe('PDF text: streams and fonts', () => {
	test('an ASCII85 + FlateDecode chain (ReportLab writes streams so) is decoded in order', () => {
		const data = `<~Garg^;:'MC<%p.*#Y@rK2,g_5!4#K:1kJU5nr$+f&sG-e6F%;16NG"<$>'~>`;
		const pdf = onePagePdf(stream('/Filter [/ASCII85Decode /FlateDecode]', data));
		expect(analyze(pdf).text).toBe('ReportLab');
	});

	test('a content array concatenates its streams in order', () => {
		const pdf = assemblePdf([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
			'<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R] >>',
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
			stream('', 'BT /F1 10 Tf 56 800 Td (part) Tj'),
			stream('', '( two) Tj ET'),
		]);
		expect(analyze(pdf).text).toBe('part two');
	});

	test('a Type0 font is read through its ToUnicode CMap (bfchar and bfrange)', () => {
		const cmap = [
			'/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
			'1 begincodespacerange <0000> <FFFF> endcodespacerange',
			'2 beginbfchar <0001> <00DC> <0002> <0020> endbfchar',
			'1 beginbfrange <0010> <0015> <0061> endbfrange',
			'endcmap end end',
		].join('\n');
		const pdf = onePagePdf(
			stream('', 'BT /F1 10 Tf 56 800 Td <0001001100120002001500140013> Tj ET'),
			{
				font: '<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R /DescendantFonts [7 0 R] >>',
				extra: [stream('', cmap), '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 500 >>'],
			},
		);
		expect(analyze(pdf).text).toBe('Übc fed');
	});

	test('a Type0 font without ToUnicode yields no text rather than garbage', () => {
		const pdf = onePagePdf(stream('', 'BT /F1 10 Tf 56 800 Td <00410042> Tj ET'), {
			font: '<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>',
		});
		expect(analyze(pdf)).toEqual({
			readable: true,
			pageCount: 1,
			text: '',
			sourceClassification: 'NATIVE',
		});
	});

	test('an /Encoding /Differences array maps codes through glyph names', () => {
		const pdf = onePagePdf(stream('', 'BT /F1 10 Tf 56 800 Td <80818283> Tj ET'), {
			font: '<< /Type /Font /Subtype /Type1 /BaseFont /H /Encoding << /Differences [128 /Adieresis /germandbls /Euro /uni00E9] >> >>',
		});
		expect(analyze(pdf).text).toBe('Äß€é');
	});

	test('text inside a form XObject is read', () => {
		const pdf = onePagePdf(stream('', '/Fm1 Do'), {
			resources: '/XObject << /Fm1 6 0 R >>',
			extra: [
				stream(
					'/Type /XObject /Subtype /Form /BBox [0 0 595 842]',
					'BT /F1 10 Tf 56 800 Td (im Formular) Tj ET',
				),
			],
		});
		expect(analyze(pdf).text).toBe('im Formular');
	});

	test('objects packed in an object stream (PDF 1.5) are found', () => {
		const packed =
			'<< /Type /Pages /Kids [3 0 R] /Count 1 >> << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
		const header = '2 0 4 44 ';
		const pdf = assemblePdf([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'null',
			'<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
			'null',
			stream('', 'BT /F1 10 Tf 56 800 Td (gepackt) Tj ET'),
			stream(`/Type /ObjStm /N 2 /First ${header.length}`, header + packed, true),
		]).toString('latin1');
		// Objects 2 and 4 exist only inside the object stream.
		const withoutDirect = Buffer.from(
			pdf.replace('2 0 obj\nnull\nendobj\n', '').replace('4 0 obj\nnull\nendobj\n', ''),
			'latin1',
		);
		expect(analyze(withoutDirect)).toMatchObject({ readable: true, pageCount: 1, text: 'gepackt' });
	});
});
