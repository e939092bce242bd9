/**
 * Large but valid PDFs for the memory phase: a sample invoice, then comment lines up to the wanted size, then a
 * second `startxref` pointing at the original cross-reference table (readers use the last one), so the emulator
 * still reads the invoice. The first padding line names the file, which makes every file's bytes unique.
 */
import { loadFixture } from '../../test/fixtures/invoices.cts';
import { goodInvoices } from '../../test/integration/gini.cts';

const LINE = Buffer.from(`%${'-'.repeat(1022)}\n`);

let template: { base: Buffer; startxref: string } | undefined;

function baseInvoice(): { base: Buffer; startxref: string } {
	if (template) return template;
	const sample = goodInvoices().find((invoice) => invoice.mediaType === 'application/pdf');
	if (!sample) throw new Error('no sample PDF invoice');
	const base = loadFixture(sample.file);
	const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString('latin1'));
	if (!match) throw new Error(`${sample.file} does not end with startxref`);
	template = { base, startxref: match[1] };
	return template;
}

export function paddedPdf(size: number, label: string): Buffer {
	const { base, startxref } = baseInvoice();
	const head = Buffer.from(`%${label}\n`);
	const trailer = Buffer.from(`startxref\n${startxref}\n%%EOF\n`);
	const padding = size - base.length - head.length - trailer.length;
	if (padding < 0) throw new Error(`a PDF of ${size} bytes is too small for the invoice it carries`);
	const pdf = Buffer.alloc(size, ' ');
	base.copy(pdf, 0);
	head.copy(pdf, base.length);
	const paddingStart = base.length + head.length;
	for (let offset = paddingStart; offset + LINE.length <= paddingStart + padding; offset += LINE.length) {
		LINE.copy(pdf, offset);
	}
	trailer.copy(pdf, size - trailer.length);
	return pdf;
}
