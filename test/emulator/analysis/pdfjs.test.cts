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
		// pdf.js lives in Node's module cache, outside the test's realm: its errors are matched by name and message.
		await expect(
			openPdf(readFileSync(path.join(FILES, 'corrupt-truncated.pdf'))),
		).rejects.toMatchObject({
			name: 'InvalidPDFException',
			message: expect.stringMatching(/Invalid PDF/),
		});
	});
});
