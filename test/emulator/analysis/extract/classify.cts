import type { Line } from './lines.cts';

/**
 * Document type and payment state, with the values Gini's payment extractions use (docs/gini-api.md §4.5: `docType`,
 * `paymentState` "ToBePaid").
 */

/** A reminder says so in a heading-like place: "1. Mahnung", "Zahlungserinnerung", "Betreff: Mahnung". */
const REMINDER_HEADING =
	/^(?:betreff:?\s*)?(?:\d\.\s*|erste\s+|zweite\s+|dritte\s+|letzte\s+)?(?:mahnung|zahlungserinnerung|payment\s+reminder)\b/i;
const REMINDER_ANYWHERE = /zahlungserinnerung|\b\d\.\s*mahnung\b|letzte\s+mahnung/i;
const INVOICE = /rechnung|invoice/i;

export function classifyDocType(lines: Line[]): 'Invoice' | 'Reminder' | 'Other' {
	const text = lines.map((line) => line.text).join('\n');
	if (lines.some((line) => REMINDER_HEADING.test(line.text)) || REMINDER_ANYWHERE.test(text))
		return 'Reminder';
	return INVOICE.test(text) ? 'Invoice' : 'Other';
}

/** Statements that the money has already been received. */
const PAID =
	/\b(?:bereits|schon)\s+(?:bezahlt|beglichen|überwiesen)|\b(?:betrag|zahlung|rechnungsbetrag)\s+(?:dankend\s+)?erhalten|\bbezahlt\s+(?:am|per|mit|via|durch)\b|^bezahlt\b|\b(?:paid\s+in\s+full|already\s+paid)\b|\bpaid\s+(?:on|by|with|via)\b/i;
/** "Sollten Sie bereits bezahlt haben, ..." is the reminder's disclaimer, not a receipt. */
const CONDITIONAL = /\b(?:sollten|falls|wenn|sofern|if)\b/i;

export function classifyPaymentState(lines: Line[]): 'Paid' | 'ToBePaid' {
	const sentences = lines.flatMap((line) => line.text.split(/(?<=[.!?])\s+/));
	const paid = sentences.some((sentence) => PAID.test(sentence) && !CONDITIONAL.test(sentence));
	return paid ? 'Paid' : 'ToBePaid';
}
