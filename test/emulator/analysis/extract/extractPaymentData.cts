import { findIbans } from '../iban.cts';
import type { ExtractionResult, GiniExtraction } from '../types.cts';
import { pickAmountToPay, scoreAmounts } from './amounts.cts';
import { classifyDocType, classifyPaymentState } from './classify.cts';
import { toLines, type Line } from './lines.cts';
import { findBic, findRecipient, findReferences } from './parties.cts';

/** IBANs that belong to the customer, not to the one who is to be paid. */
const CUSTOMER_ACCOUNT =
	/ihre?\s+(?:iban|bankverbindung|konto)|ihrem\s+konto|lastschrift|abgebucht|eingezogen|mandat/i;

/**
 * Gini's payment extractions (gini-api.md §4.5) read from a document's text: labels `iban`, `bic`, `amountToPay`,
 * `paymentRecipient`, `paymentReference`, `paymentPurpose`, `docType`, `paymentState`, with Gini's entity names.
 * Only what the text contains is returned; a text without any payment data gives `{extractions:{}, candidates:{}}`
 * (the classifications `docType` and `paymentState` describe payment data, so they need some to describe).
 */
export function extractPaymentData(text: string): ExtractionResult {
	const lines = toLines(text);
	const extractions: Record<string, GiniExtraction> = {};
	const candidates: Record<string, GiniExtraction[]> = {};

	const ibans = rankIbans(lines);
	if (ibans.length > 0) {
		extractions.iban = { entity: 'iban', value: ibans[0] };
		if (ibans.length > 1) {
			extractions.iban.candidates = 'ibans';
			candidates.ibans = ibans.map((value) => ({ entity: 'iban', value }));
		}
	}
	const bic = findBic(lines);
	if (bic) extractions.bic = { entity: 'bic', value: bic };

	const amounts = scoreAmounts(lines);
	const amountToPay = pickAmountToPay(amounts);
	if (amountToPay) {
		extractions.amountToPay = { entity: 'amount', value: amountToPay.value, candidates: 'amounts' };
		const unique = [...new Set(amounts.map((amount) => amount.value))];
		candidates.amounts = unique.map((value) => ({ entity: 'amount', value }));
	}

	const recipient = findRecipient(lines);
	if (recipient) extractions.paymentRecipient = { entity: 'companyname', value: recipient };

	const references = findReferences(lines);
	const reference = references.invoiceNumber ?? references.purpose ?? references.customerNumber;
	if (reference) extractions.paymentReference = { entity: 'reference', value: reference };
	const purpose =
		references.purpose ??
		(references.invoiceNumber ? `Rechnung ${references.invoiceNumber}` : undefined) ??
		(references.customerNumber ? `Kundennummer ${references.customerNumber}` : undefined);
	if (purpose) extractions.paymentPurpose = { entity: 'text', value: purpose };

	if (Object.keys(extractions).length > 0) {
		extractions.docType = { entity: 'doctype', value: classifyDocType(lines) };
		extractions.paymentState = { entity: 'paymentstate', value: classifyPaymentState(lines) };
	}
	return { extractions, candidates };
}

/** Distinct IBANs, the payee's first: customer accounts (direct debit, "Ihre IBAN") go last. */
function rankIbans(lines: Line[]): string[] {
	const customer = new Map<string, boolean>();
	for (const line of lines) {
		for (const { iban } of findIbans(line.text)) {
			if (!customer.has(iban)) customer.set(iban, CUSTOMER_ACCOUNT.test(line.text));
		}
	}
	const all = [...customer.keys()];
	return [
		...all.filter((iban) => !customer.get(iban)),
		...all.filter((iban) => customer.get(iban)),
	];
}
