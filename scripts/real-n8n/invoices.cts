/**
 * Many distinct invoices for the queue-mode runs: the Müller Haustechnik sample with its own invoice number and total
 * per file, written as text PDFs the emulator reads like the committed samples (same IBAN, a different amount each).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { MUELLER_HAUSTECHNIK } from '../../test/fixtures/documents.cts';
import { buildTextPdf } from '../../test/fixtures/pdf.cts';

export const GENERATED_IBAN = 'DE89370400440532013000';

export interface GeneratedInvoice {
	file: string;
	amount: number;
	sha256: string;
}

/** German notation, as on the sample: 1.234,56 */
function euro(cents: number): string {
	const whole = Math.floor(cents / 100)
		.toString()
		.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	return `${whole},${String(cents % 100).padStart(2, '0')}`;
}

/** `count` invoices named `<prefix>-0001.pdf`…, totals 100,01 € and up, all different in content. */
export async function writeInvoices(
	folder: string,
	prefix: string,
	count: number,
): Promise<GeneratedInvoice[]> {
	mkdirSync(folder, { recursive: true });
	const invoices: GeneratedInvoice[] = [];
	for (let n = 1; n <= count; n++) {
		const number = `${prefix.toUpperCase()}-${String(n).padStart(4, '0')}`;
		const cents = 10_000 + n * 101;
		const page = MUELLER_HAUSTECHNIK[0].map((line) => {
			if (line.startsWith('Rechnungsnummer:')) return `Rechnungsnummer:\t${number}`;
			if (line.startsWith('Gesamtbetrag')) return `Gesamtbetrag\t${euro(cents)} €`;
			if (line.startsWith('Nettobetrag') || line.startsWith('zzgl.') || /^\d Pos|^\d /.test(line))
				return line.startsWith('1 ') ? `1 Wartung Heizungsanlage\t${euro(cents)} €` : '';
			return line;
		});
		const pdf = await buildTextPdf([page], { title: `Rechnung ${number}` });
		const file = `${prefix}-${String(n).padStart(4, '0')}.pdf`;
		writeFileSync(path.join(folder, file), pdf);
		invoices.push({
			file,
			amount: cents / 100,
			sha256: createHash('sha256').update(pdf).digest('hex'),
		});
	}
	return invoices;
}
