import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { closePdf, openPdf } from './pdfjs.cts';

const FILES = path.join(__dirname, '../../fixtures/files');

describe('pdf.js as the emulator loads it', () => {
	it('reads the text of a sample invoice', async () => {
		const doc = await openPdf(readFileSync(path.join(FILES, 'invoice-mueller-haustechnik.pdf')), {
			standardFonts: false,
		});
		try {
			const page = await doc.getPage(1);
			const text = (await page.getTextContent()).items
				.map((item) => ('str' in item ? item.str : ''))
				.join('\n');
			expect(doc.numPages).toBe(1);
			expect(text).toContain('Müller Haustechnik GmbH');
		} finally {
			await closePdf(doc);
		}
	});

	it('refuses a cut file', async () => {
		await expect(openPdf(readFileSync(path.join(FILES, 'corrupt-truncated.pdf')))).rejects.toThrow(
			/Invalid PDF/,
		);
	});
});
