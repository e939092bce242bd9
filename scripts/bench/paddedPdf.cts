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

/**
 * The PDF as chunks of at most 1 MiB, so that writing hundreds of large files never holds one whole in memory
 * (the memory phase measures from a baseline this would otherwise raise).
 */
export function* paddedPdf(size: number, label: string): Generator<Buffer> {
	const { base, startxref } = baseInvoice();
	const head = Buffer.concat([base, Buffer.from(`%${label}\n`)]);
	const trailer = Buffer.from(`startxref\n${startxref}\n%%EOF\n`);
	let padding = size - head.length - trailer.length;
	if (padding < 0)
		throw new Error(`a PDF of ${size} bytes is too small for the invoice it carries`);
	yield head;
	const block = Buffer.concat(Array.from({ length: 1024 }, () => LINE));
	while (padding >= block.length) {
		yield block;
		padding -= block.length;
	}
	const lines = Math.floor(padding / LINE.length);
	yield Buffer.concat([
		block.subarray(0, lines * LINE.length),
		Buffer.alloc(padding - lines * LINE.length, ' '),
	]);
	yield trailer;
}
