import { isValidIban } from '../iban.cts';
import type { ExtractionResult, GiniExtraction } from '../types.cts';
import { child, children, parseXml, textAt, type XmlElement } from './parseXml.cts';

/**
 * Payment data read from an XML e-invoice (EN 16931: XRechnung, the XML of ZUGFeRD / Factur-X) in either syntax,
 * OASIS UBL 2.1 (Invoice, CreditNote) or UN/CEFACT CII D16B (CrossIndustryInvoice), as Gini-shaped extractions
 * (docs/gini-api.md §4.5): `iban`, `bic`, `amountToPay` ("<decimal>:<ISO 4217>"), `paymentRecipient`,
 * `paymentReference`, `paymentPurpose`, `paymentDueDate` (ISO date, as Gini's capture SDK parses it with
 * LocalDate.parse), `creditNote` ("true"/"false", entity text like `instantPayment`), `docType`, `paymentState`.
 * No boxes: an XML file has no layout. Only what the XML holds is returned.
 */

const UBL_INVOICE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const UBL_CREDIT_NOTE = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const CII = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

/** UNTDID 1001 document type codes of credit notes (EN 16931 BT-3; 381 is the usual one). */
const CREDIT_NOTE_CODES = new Set([
	'81',
	'83',
	'261',
	'262',
	'296',
	'308',
	'381',
	'396',
	'420',
	'458',
	'532',
]);

/** SEPA direct debit (UNTDID 4461 code 59): the account named is the buyer's, nothing to transfer to. */
const DIRECT_DEBIT = '59';

interface EInvoiceFields {
	creditNote: boolean;
	number?: string;
	ibans: string[];
	bic?: string;
	amount?: string;
	currency?: string;
	recipient?: string;
	remittance?: string;
	dueDate?: string;
}

/** The e-invoice's extractions, or undefined when the XML is not an e-invoice (or not well-formed). */
export function readEInvoice(text: string): ExtractionResult | undefined {
	let root: XmlElement;
	try {
		root = parseXml(text);
	} catch {
		return undefined;
	}
	const fields =
		(root.namespace === UBL_INVOICE && root.localName === 'Invoice') ||
		(root.namespace === UBL_CREDIT_NOTE && root.localName === 'CreditNote')
			? readUbl(root)
			: root.namespace === CII && root.localName === 'CrossIndustryInvoice'
				? readCii(root)
				: undefined;
	return fields && toExtractions(fields);
}

function readUbl(root: XmlElement): EInvoiceFields {
	const creditNote =
		root.localName === 'CreditNote' || CREDIT_NOTE_CODES.has(textAt(root, 'InvoiceTypeCode') ?? '');
	const means = children(root, 'PaymentMeans').filter(
		(entry) => textAt(entry, 'PaymentMeansCode') !== DIRECT_DEBIT,
	);
	const accounts = means.map((entry) => child(entry, 'PayeeFinancialAccount')).filter(Boolean);
	const payable = child(root, 'LegalMonetaryTotal', 'PayableAmount');
	const supplier = child(root, 'AccountingSupplierParty', 'Party');
	return {
		creditNote,
		number: textAt(root, 'ID'),
		ibans: accounts.map((account) => textAt(account, 'ID') ?? ''),
		bic: accounts
			.map((account) => textAt(account, 'FinancialInstitutionBranch', 'ID'))
			.find(Boolean),
		amount: payable?.text.trim(),
		currency: payable?.attributes.currencyID ?? textAt(root, 'DocumentCurrencyCode'),
		recipient:
			textAt(root, 'PayeeParty', 'PartyName', 'Name') ??
			textAt(supplier, 'PartyLegalEntity', 'RegistrationName') ??
			textAt(supplier, 'PartyName', 'Name'),
		remittance: means.map((entry) => textAt(entry, 'PaymentID')).find(Boolean),
		dueDate:
			textAt(root, 'DueDate') ??
			means.map((entry) => textAt(entry, 'PaymentDueDate')).find(Boolean),
	};
}

function readCii(root: XmlElement): EInvoiceFields {
	const transaction = child(root, 'SupplyChainTradeTransaction');
	const settlement = child(transaction, 'ApplicableHeaderTradeSettlement');
	const means = children(settlement, 'SpecifiedTradeSettlementPaymentMeans').filter(
		(entry) => textAt(entry, 'TypeCode') !== DIRECT_DEBIT,
	);
	const due = child(
		settlement,
		'SpecifiedTradeSettlementHeaderMonetarySummation',
		'DuePayableAmount',
	);
	const dueDate = children(settlement, 'SpecifiedTradePaymentTerms')
		.map((terms) => child(terms, 'DueDateDateTime', 'DateTimeString'))
		.find(Boolean);
	return {
		creditNote: CREDIT_NOTE_CODES.has(textAt(root, 'ExchangedDocument', 'TypeCode') ?? ''),
		number: textAt(root, 'ExchangedDocument', 'ID'),
		ibans: means.map(
			(entry) =>
				textAt(entry, 'PayeePartyCreditorFinancialAccount', 'IBANID') ??
				textAt(entry, 'PayeePartyCreditorFinancialAccount', 'ProprietaryID') ??
				'',
		),
		bic: means
			.map((entry) => textAt(entry, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID'))
			.find(Boolean),
		amount: due?.text.trim(),
		currency: due?.attributes.currencyID ?? textAt(settlement, 'InvoiceCurrencyCode'),
		recipient:
			textAt(settlement, 'PayeeTradeParty', 'Name') ??
			textAt(transaction, 'ApplicableHeaderTradeAgreement', 'SellerTradeParty', 'Name'),
		remittance: textAt(settlement, 'PaymentReference'),
		dueDate: dueDate && ciiDate(dueDate),
	};
}

/** CII dates: format 102 is CCYYMMDD. */
function ciiDate(element: XmlElement): string | undefined {
	const value = element.text.trim();
	const format = element.attributes.format ?? '102';
	const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
	return format === '102' && match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** "1234.5" and "EUR" → "1234.50:EUR", without going through a float. */
function giniAmount(amount: string | undefined, currency: string | undefined): string | undefined {
	const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(amount ?? '');
	if (!match || !/^[A-Z]{3}$/.test(currency ?? '')) return undefined;
	const cents = (match[3] ?? '').padEnd(2, '0');
	return `${match[1] === '-' ? '-' : ''}${match[2].replace(/^0+(?=\d)/, '')}.${cents}:${currency}`;
}

function toExtractions(fields: EInvoiceFields): ExtractionResult {
	const extractions: Record<string, GiniExtraction> = {};
	const candidates: Record<string, GiniExtraction[]> = {};
	const ibans = [
		...new Set(
			fields.ibans.map((iban) => iban.replace(/\s+/g, '').toUpperCase()).filter(isValidIban),
		),
	];
	if (ibans.length > 0) {
		extractions.iban = { entity: 'iban', value: ibans[0] };
		if (ibans.length > 1) {
			extractions.iban.candidates = 'ibans';
			candidates.ibans = ibans.map((value) => ({ entity: 'iban', value }));
		}
	}
	const bic = fields.bic?.replace(/\s+/g, '').toUpperCase();
	if (bic && /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic))
		extractions.bic = { entity: 'bic', value: bic };
	const amount = giniAmount(fields.amount, fields.currency);
	if (amount) {
		extractions.amountToPay = { entity: 'amount', value: amount, candidates: 'amounts' };
		candidates.amounts = [{ entity: 'amount', value: amount }];
	}
	if (fields.recipient)
		extractions.paymentRecipient = { entity: 'companyname', value: fields.recipient };
	const reference = fields.remittance ?? fields.number;
	if (reference) extractions.paymentReference = { entity: 'reference', value: reference };
	const purpose =
		fields.remittance ??
		(fields.number
			? `${fields.creditNote ? 'Gutschrift' : 'Rechnung'} ${fields.number}`
			: undefined);
	if (purpose) extractions.paymentPurpose = { entity: 'text', value: purpose };
	if (fields.dueDate && /^\d{4}-\d{2}-\d{2}$/.test(fields.dueDate)) {
		extractions.paymentDueDate = { entity: 'date', value: fields.dueDate };
	}
	extractions.creditNote = { entity: 'text', value: String(fields.creditNote) };
	extractions.docType = { entity: 'doctype', value: 'Invoice' };
	// A credit note asks for no payment from the buyer; an invoice with nothing left to pay is paid.
	if (!fields.creditNote) {
		const nothingDue = amount !== undefined && /^-?0\.00:/.test(amount);
		extractions.paymentState = { entity: 'paymentstate', value: nothingDue ? 'Paid' : 'ToBePaid' };
	}
	return { extractions, candidates };
}
