import { around, findLabeledValue, type Line } from './lines.cts';

/** Invoice number labels, anywhere in a cell: "Rechnungsnummer", "Rechnungs-Nr.", "Re.-Nr.", "Rechnung Nr." ... */
const INVOICE_NUMBER =
	/\b(?:Rechnungs?[- ]?(?:nummer|nr\.?)|Rechnung\s+(?:Nr\.?|Nummer)|Re\.?[- ]?Nr\.?|RG[- ]?Nr\.?|Invoice\s*(?:No\.?|Number|#))(?=[\s:#]|$)/i;
const CUSTOMER_NUMBER =
	/\b(?:Kunden[- ]?(?:nummer|nr\.?)|Kd\.?[- ]?Nr\.?|Customer\s*(?:No\.?|Number|ID))(?=[\s:#]|$)/i;
/** Purpose labels start their cell: "Bitte als Verwendungszweck angeben" is a sentence, not a label. */
const PURPOSE = /^(?:Verwendungszweck|Zahlungsreferenz|Payment reference)(?=[\s:]|$)/i;
/** Unambiguous account-holder labels, and addressee-like ones that count only near bank details. */
const HOLDER = /^(?:Kontoinhaber(?:in)?|Account holder)(?=[\s:]|$)/i;
const PAYEE = /^(?:Zahlungsempfänger|Empfänger|Begünstigter|Beneficiary|Payee)(?=[\s:]|$)/i;
const BIC_LABEL = /\b(?:BIC|SWIFT)\b/;

const BIC = /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/**
 * Legal forms that end a German (or foreign) company name. Longer forms first so "GmbH & Co. KG" is not cut to
 * "GmbH".
 */
const LEGAL_FORM = String.raw`(?:GmbH\s*&\s*Co\.\s*(?:KGaA|KG|OHG)|AG\s*&\s*Co\.\s*(?:KGaA|KG)|gGmbH|GmbH|mbH|AG|KGaA|KG|OHG|oHG|GbR|PartGmbB|PartG|UG\s*\(haftungsbeschränkt\)|UG|e\.\s?K\.|e\.\s?Kfm\.|e\.\s?Kfr\.|e\.\s?V\.|eG|SE|Ltd\.?|Limited|Inc\.|LLC|B\.V\.|N\.V\.|S\.A\.|S\.r\.l\.)`;
const COMPANY = new RegExp(String.raw`^[\p{Lu}\d][^:]{1,80}?\s${LEGAL_FORM}$`, 'u');
/** Register and management lines name the company too, but as part of a sentence about it. */
const NOT_A_NAME =
	/^(?:Amtsgericht|Registergericht|Handelsregister|Sitz|Geschäftsführ|Vorstand|Aufsichtsrat|Inhaber|HRB|HRA|USt|Steuer)/i;

/** A reference is one token with at least one digit: "RE-2024-0815", "2024/1187" ("lautet 55-1" too). */
function referenceToken(candidate: string): string | undefined {
	const words = candidate.trim().split(/\s+/);
	if (/^(?:lautet|ist|is)$/i.test(words[0] ?? '')) words.shift();
	const token = words[0]?.replace(/[.,;:)]+$/, '') ?? '';
	const shaped = /^[\p{L}\d][\p{L}\d\-/._]*$/u.test(token);
	return token.length <= 35 && /\d/.test(token) && shaped ? token : undefined;
}

function purposeText(candidate: string): string | undefined {
	const text = candidate.trim().replace(/\.$/, '');
	// SEPA limits the remittance information to 140 characters.
	return text !== '' && text.length <= 140 ? text : undefined;
}

function holderName(candidate: string): string | undefined {
	const name = candidate
		.split(/,?\s+(?:IBAN|BIC|Konto(?:nummer|-Nr\.?)?|Bank)\b/)[0]
		.trim()
		.replace(/[,;:]+$/, '');
	return /\p{L}/u.test(name) && name.length <= 100 ? name : undefined;
}

interface References {
	invoiceNumber?: string;
	customerNumber?: string;
	purpose?: string;
}

export function findReferences(lines: Line[]): References {
	return {
		invoiceNumber: findLabeledValue(lines, INVOICE_NUMBER, referenceToken)?.value,
		customerNumber: findLabeledValue(lines, CUSTOMER_NUMBER, referenceToken)?.value,
		purpose: findLabeledValue(lines, PURPOSE, purposeText)?.value,
	};
}

/** The BIC right after a "BIC"/"SWIFT" label (skipping the label words themselves). */
export function findBic(lines: Line[]): string | undefined {
	const accept = (candidate: string) => {
		const tokens = candidate
			.split(/[\s:/()]+/)
			.filter((token) => !/^(?:BIC|SWIFT|Code|-)?$/i.test(token));
		return tokens[0] !== undefined && BIC.test(tokens[0]) ? tokens[0] : undefined;
	};
	return findLabeledValue(lines, BIC_LABEL, accept)?.value;
}

/**
 * The payment recipient: the account holder named next to the bank details, else the company of the letterhead.
 * Of several company names the one the document repeats wins (letterhead and footer name the sender; the
 * customer's address usually appears once), the first on a tie.
 */
export function findRecipient(lines: Line[]): string | undefined {
	const holder = findLabeledValue(lines, HOLDER, holderName);
	if (holder) return holder.value;
	const payee = findLabeledValue(lines, PAYEE, holderName);
	if (payee && /IBAN|BIC|Konto|Bank/i.test(around(lines, payee.line, 3))) return payee.value;
	return letterheadCompany(lines);
}

function letterheadCompany(lines: Line[]): string | undefined {
	const names: string[] = [];
	for (const line of lines) {
		for (const cell of line.cells) {
			for (const segment of cell.split(/\s*[·•|;]\s*|\s+[-–]\s+|,\s+/)) {
				const name = segment.trim();
				if (COMPANY.test(name) && !NOT_A_NAME.test(name)) names.push(name);
			}
		}
	}
	const counts = new Map<string, number>();
	for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
	let best: string | undefined;
	// Map order is first appearance, so a tie keeps the earlier name.
	for (const [name, count] of counts)
		if (best === undefined || count > counts.get(best)!) best = name;
	return best;
}
