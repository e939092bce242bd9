import { deflateSync } from 'node:zlib';

/**
 * Hand-assembled PDFs for the analysis tests: each test states the objects it is about, the kit adds a correct
 * cross-reference table, trailer and end-of-file marker.
 */

export function stream(dict: string, data: Buffer | string): Buffer {
	const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
	return Buffer.concat([
		Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, 'latin1'),
		bytes,
		Buffer.from('\nendstream', 'latin1'),
	]);
}

export function flateStream(dict: string, data: string): Buffer {
	return stream(`${dict} /Filter /FlateDecode`, deflateSync(Buffer.from(data, 'latin1')));
}

/** Objects numbered from 1 in the order given; `trailer` holds the trailer dictionary's entries. */
export function assemblePdf(objects: Array<string | Buffer>, trailer = '/Root 1 0 R'): Buffer {
	const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
	const offsets: number[] = [];
	let offset = chunks[0].length;
	objects.forEach((body, index) => {
		const chunk = Buffer.concat([
			Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
			typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
			Buffer.from('\nendobj\n', 'latin1'),
		]);
		offsets.push(offset);
		chunks.push(chunk);
		offset += chunk.length;
	});
	const xref = [
		'xref',
		`0 ${objects.length + 1}`,
		'0000000000 65535 f ',
		...offsets.map((value) => `${String(value).padStart(10, '0')} 00000 n `),
	].join('\n');
	chunks.push(
		Buffer.from(
			`${xref}\ntrailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${offset}\n%%EOF\n`,
			'latin1',
		),
	);
	return Buffer.concat(chunks);
}

const HELVETICA =
	'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';

/**
 * Catalog (1), page tree (2), one page (3) with font /F1 (4) and the given content stream (5); `extra` objects
 * follow from number 6 on.
 */
export function onePagePdf(
	content: Buffer,
	{ font = HELVETICA, resources = '', extra = [] as Array<string | Buffer> } = {},
): Buffer {
	return assemblePdf([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> ${resources} >> /Contents 5 0 R >>`,
		font,
		content,
		...extra,
	]);
}

/** A page whose content is the given text-showing operators inside BT/ET, in 10 pt Helvetica. */
export function textPage(operators: string): Buffer {
	return onePagePdf(stream('', `BT /F1 10 Tf 14 TL\n${operators}\nET`));
}
