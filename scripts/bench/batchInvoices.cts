/**
 * Distinct invoices for the batch phase (batch.cts): each its own number, IBAN (valid check digits) and amount, so
 * that every output item can be checked against the invoice it came from.
 */
import { buildTextPdf } from '../../test/fixtures/pdf.cts';

export interface BatchInvoice {
	fileName: string;
	bytes: Buffer;
	/** Compact, as Gini writes it. */
	iban: string;
	/** In euros, e.g. 1234.56. */
	amount: number;
}

/** ISO 13616 check digits of a German IBAN for `bban` (bank code + account). */
function germanIban(bban: string): string {
	const check = 98n - (BigInt(`${bban}131400`) % 97n);
	return `DE${String(check).padStart(2, '0')}${bban}`;
}

function german(amount: number): string {
	const [euros, cents] = amount.toFixed(2).split('.');
	return `${euros.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents}`;
}

/** What invoice `n` must come back with: its IBAN and amount, without building its PDF. */
export function batchExpectation(n: number): Pick<BatchInvoice, 'iban' | 'amount'> {
	return {
		iban: germanIban(`37040044${String(1_000_000_000 + n).slice(-10)}`),
		amount: 100 + n + (n % 100) / 100,
	};
}

export async function batchInvoice(tag: string, n: number): Promise<BatchInvoice> {
	const { iban, amount } = batchExpectation(n);
	const spaced = iban.replace(/(.{4})/g, '$1 ').trim();
	const bytes = await buildTextPdf([
		[
			'# Bench Handwerk GmbH',
			'Bench Handwerk GmbH · Isarstraße 12 · 80469 München',
			'',
			'# Rechnung',
			`Rechnungsnummer:\tB-${tag}-${n}`,
			'Rechnungsdatum:\t15.03.2024',
			'',
			`Gesamtbetrag\t${german(amount)} €`,
			'',
			'Bitte überweisen Sie den Gesamtbetrag unter Angabe der Rechnungsnummer.',
			'',
			'Bench Handwerk GmbH\tCommerzbank Köln',
			`Geschäftsführer: Thomas Bench\tIBAN: ${spaced}`,
			'Amtsgericht München HRB 123456\tBIC: COBADEFFXXX',
		],
	]);
	return { fileName: `bench-${tag}-${n}.pdf`, bytes, iban, amount };
}

export async function batchInvoices(tag: string, count: number): Promise<BatchInvoice[]> {
	return await Promise.all(Array.from({ length: count }, (_, n) => batchInvoice(tag, n)));
}

/** Whether an output item (the node's simplified payment fields) carries the invoice's own IBAN and amount. */
export function carries(
	json: Record<string, unknown>,
	invoice: Pick<BatchInvoice, 'iban' | 'amount'>,
): boolean {
	const amount = Number.parseFloat(String(json.amount ?? '').replace(',', '.'));
	return json.iban === invoice.iban && Math.abs(amount - invoice.amount) < 0.005;
}
