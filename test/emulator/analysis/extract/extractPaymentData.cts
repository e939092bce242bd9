import { findIbans } from '../iban.cts';
import type { ExtractionResult, GiniExtraction } from '../types.cts';
import { pickAmountToPay, scoreAmounts } from './amounts.cts';
import { classifyDocType, classifyPaymentState } from './classify.cts';
import { toLines, type Line } from './lines.cts';
import { findBic, findRecipient, findReferences } from './parties.cts';
import { findDueDate, findSkonto, isCreditNote, statesInstantPayment } from './terms.cts';

/** IBANs that belong to the customer, not to the one who is to be paid. */
const CUSTOMER_ACCOUNT =
	/ihre?\s+(?:iban|bankverbindung|konto)|ihrem\s+konto|lastschrift|abgebucht|eingezogen|mandat/i;

/**
 * Countries of the SEPA scheme (EPC list of SEPA countries and territories): an IBAN from elsewhere is paid as a
 * cross-border transfer.
 */
// prettier-ignore
const SEPA_COUNTRIES = new Set([
	'AD', 'AL', 'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GI', 'GR', 'HR', 'HU',
	'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MC', 'MD', 'ME', 'MK', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'RS', 'SE',
	'SI', 'SK', 'SM', 'VA',
]);

/**
 * Gini's payment extractions (docs/gini-api.md §4.5) read from a document's text: labels `iban`, `bic`, `amountToPay`,
 * `paymentRecipient`, `paymentReference`, `paymentPurpose`, `docType`, `paymentState`, with the entity names of
 * Gini's fixtures (`paymentReference` has the entity `text`, as in gini/gini-mobile-android
 * bank-sdk/sdk/src/androidTest/assets/result_Gini_invoice_example_payment_reference.json). What the document states
 * adds `paymentDueDate`, `instantPayment`, `businessDocType` "CreditNote" and the compound `skontoDiscounts` (see
 * terms.cts). A payee whose IBAN is outside SEPA goes into the compound `crossBorderPayment` instead of the flat
 * labels (gini/gini-mobile-ios BankAPILibrary/.../Resources/extractionsContainerWithCrossBorderPayment.json).
 * Only what the text contains is returned; a text without any payment data gives `{extractions:{}, candidates:{}}`
 * (the classifications `docType` and `paymentState` describe payment data, so they need some to describe).
 */
export function extractPaymentData(text: string): ExtractionResult {
	const lines = toLines(text);
	const extractions: Record<string, GiniExtraction> = {};
	const candidates: Record<string, GiniExtraction[]> = {};
	const compoundExtractions: NonNullable<ExtractionResult['compoundExtractions']> = {};

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
	if (reference) extractions.paymentReference = { entity: 'text', value: reference };
	const purpose =
		references.purpose ??
		(references.invoiceNumber ? `Rechnung ${references.invoiceNumber}` : undefined) ??
		(references.customerNumber ? `Kundennummer ${references.customerNumber}` : undefined);
	if (purpose) extractions.paymentPurpose = { entity: 'text', value: purpose };

	if (extractions.iban && !SEPA_COUNTRIES.has(extractions.iban.value.slice(0, 2))) {
		compoundExtractions.crossBorderPayment = [crossBorderRow(extractions)];
		delete candidates.ibans;
	}

	const dueDate = findDueDate(lines);
	if (dueDate) extractions.paymentDueDate = { entity: 'date', value: dueDate };
	if (statesInstantPayment(lines)) extractions.instantPayment = { entity: 'text', value: 'true' };
	const creditNote = isCreditNote(lines);
	const skonto = creditNote ? undefined : findSkonto(lines, extractions.amountToPay?.value);
	if (skonto) compoundExtractions.skontoDiscounts = [skonto];

	if (Object.keys(extractions).length > 0 || Object.keys(compoundExtractions).length > 0) {
		extractions.docType = { entity: 'doctype', value: classifyDocType(lines) };
		if (creditNote)
			extractions.businessDocType = { entity: 'businessdoctype', value: 'CreditNote' };
		extractions.paymentState = { entity: 'paymentstate', value: classifyPaymentState(lines) };
	}
	return Object.keys(compoundExtractions).length > 0
		? { extractions, compoundExtractions, candidates }
		: { extractions, candidates };
}

/** The payee moved out of the flat labels into one `crossBorderPayment` row. */
function crossBorderRow(
	extractions: Record<string, GiniExtraction>,
): Record<string, GiniExtraction> {
	const row: Record<string, GiniExtraction> = {};
	for (const label of ['iban', 'bic', 'paymentRecipient']) {
		const extraction = extractions[label];
		if (!extraction) continue;
		row[label] = { entity: extraction.entity, value: extraction.value };
		delete extractions[label];
	}
	return row;
}

/** Distinct IBANs, the payee's first: customer accounts (direct debit, "Ihre IBAN") go last. */
function rankIbans(lines: Line[]): string[] {
	const customer = new Map<string, boolean>();
	for (const line of lines) {
		for (const iban of findIbans(line.text)) {
			if (!customer.has(iban)) customer.set(iban, CUSTOMER_ACCOUNT.test(line.text));
		}
	}
	const all = [...customer.keys()];
	return [
		...all.filter((iban) => !customer.get(iban)),
		...all.filter((iban) => customer.get(iban)),
	];
}
