/**
 * What the real-writer tests share (realWriters.test.cts, realWriters.soak.test.cts): which writers to skip, the
 * conversions started before the tests, and the check of one writer's PDF uploaded through the node in n8n's engine
 * with Wait for Extractions: the emulator must read from it what Gini reads from the sample of the same text (IBAN,
 * amount, recipient, whether to pay, and the rest of the payment view). `realWriterTests`
 * registers the hooks and tests for a set of invoices.
 */
import { analyzeContent } from '../emulator/analysis/index.cts';
import {
	REAL_WRITERS,
	WRITER_INVOICES,
	maySkipMissingWriters,
	missingMessage,
	missingWriters,
	removeRenderings,
	renderedInvoices,
	type RealWriter,
	type WriterInvoice,
	type WriterName,
} from '../fixtures/realWriters.cts';
import { binaryItem } from '../harness/index.cts';
import { useGini, type GiniTestbed } from './gini.cts';
import { expectedView } from './lifecycleKit.cts';

export { WRITER_INVOICES };

/** Writers that are missing while GINI_SKIP_MISSING_WRITERS=1 allows it (never on CI): their tests are skipped. */
export function skippedWriters(): Set<WriterName> {
	return new Set(maySkipMissingWriters() ? missingWriters().map((writer) => writer.name) : []);
}

/** Fails, naming the Debian packages, when a writer is missing and its tests are not skipped on purpose. */
export function expectWritersInstalled(skipped: Set<WriterName>): void {
	const unexpected = missingWriters().filter((writer) => !skipped.has(writer.name));
	if (unexpected.length > 0) throw new Error(missingMessage(unexpected));
	expect(REAL_WRITERS.filter((writer) => !skipped.has(writer.name)).length).toBeGreaterThan(0);
}

export type Renderings = Map<WriterName, Promise<Map<string, Buffer>>>;

/** Starts every writer's conversions at once and waits for all of them (a writer's failure fails its tests). */
export async function renderAll(
	renderings: Renderings,
	invoices: WriterInvoice[],
	skipped: Set<WriterName>,
): Promise<void> {
	for (const writer of REAL_WRITERS) {
		if (skipped.has(writer.name)) continue;
		const pdfs = renderedInvoices(writer, invoices);
		pdfs.catch(() => undefined); // reported by the writer's tests
		renderings.set(writer.name, pdfs);
	}
	await Promise.allSettled(renderings.values());
}

/** Uploads `writer`'s PDF of `invoice` through the node and checks what Gini made of it. */
export async function expectReadAsSample(
	gini: GiniTestbed,
	renderings: Renderings,
	writer: RealWriter,
	invoice: WriterInvoice,
): Promise<void> {
	const pdfs = await (renderings.get(writer.name) ?? renderedInvoices(writer, [invoice]));
	const pdf = pdfs.get(invoice.name);
	if (!pdf) throw new Error(`${writer.name} made no PDF of ${invoice.name}`);
	const [item] = await gini.json(
		'basic',
		{
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data',
			waitForExtractions: true,
			simplify: false,
		},
		[await binaryItem(pdf, `${invoice.name}.pdf`, 'application/pdf')],
	);
	const view = expectedView(invoice.sample, false);
	const expected = {
		iban: view.iban,
		amount: view.amount,
		currency: view.currency,
		recipient: view.recipient,
		payable: !view.isCreditNote,
		...view,
	};
	try {
		expect(item.document).toMatchObject({ progress: 'COMPLETED', pageCount: invoice.pages.length });
		expect(Object.fromEntries(Object.keys(expected).map((name) => [name, item[name]]))).toEqual(
			expected,
		);
	} catch (error) {
		// What the emulator's analysis reads from the writer's PDF, so that a reader's fault can be found.
		(error as Error).message +=
			`\n\nThe emulator reads this text from ${writer.name}'s ${invoice.name}.pdf:\n` +
			JSON.stringify((await analyzeContent(pdf, 'application/pdf')).text);
		throw error;
	}
}

/**
 * The whole check for a set of invoices: render them with every writer once (`renderMs` for all of them), then one
 * test per writer and invoice, and one that every writer is installed (or skipped on purpose).
 */
export function realWriterTests(invoices: typeof WRITER_INVOICES, renderMs: number): void {
	const gini = useGini({ processingMs: 0 });
	const skipped = skippedWriters();
	const renderings: Renderings = new Map();
	beforeAll(async () => await renderAll(renderings, invoices, skipped), renderMs);
	afterAll(() => removeRenderings());

	it('every writer is installed, or its tests are skipped on purpose', () => {
		expectWritersInstalled(skipped);
	});

	describe.each(REAL_WRITERS.map((writer) => [writer.name, writer] as const))(
		'PDFs printed by %s',
		(_, writer) => {
			const test = skipped.has(writer.name) ? it.skip : it;
			test.each(invoices.map((invoice) => [invoice.name, invoice.what, invoice] as const))(
				'%s (%s): Gini reads IBAN, amount, recipient and whether to pay',
				async (_name, _what, invoice) => {
					await expectReadAsSample(gini, renderings, writer, invoice);
				},
				60_000,
			);
		},
	);
}
