/**
 * The payment QR code of the European Payments Council, "Quick Response Code: Guidelines to Enable Data Capture for
 * the Initiation of a SEPA Credit Transfer" (EPC069-12; in Germany sold as "GiroCode"): the payload, checked field by
 * field, and its QR code as SVG and PNG. Pure: no n8n imports, no I/O. The node wraps an EpcQrError in its own
 * error with the item's index.
 *
 * The payload, one field a line, separated by LF, in UTF-8 (character set 1), at most 331 bytes; empty optional
 * lines at the end are left out:
 *
 *   1 BCD (service tag)      5 BIC (version 001: required)   9 purpose code (4 letters)
 *   2 001 or 002 (version)   6 beneficiary name (≤ 70)      10 creditor reference (ISO 11649 RF…) ┐ one of
 *   3 1 (UTF-8)              7 IBAN                         11 remittance text (≤ 140)            ┘ the two
 *   4 SCT (credit transfer)  8 amount: EUR0.01…EUR999999999.99   12 information for the payer (≤ 70)
 *
 * The QR code: error correction level M, at most version 13 (qrCode.ts).
 */
import { checkBic, checkIban, creditorReference as rfReference } from './iban';
import { encodeQr, type QrSymbol } from './qrCode';
import { qrPng, qrSvg, type QrImageOptions } from './qrImage';

export interface EpcPayment {
	/** The beneficiary's name, 1 to 70 characters. */
	name: string;
	/** The beneficiary's IBAN (spaces allowed; checked, and written without them). */
	iban: string;
	/** The BIC of the beneficiary's bank: optional in version 002, required in 001. */
	bic?: string | null;
	/**
	 * The amount in euro as decimal text with a dot and at most two decimals ("12.34", "12.3", "12"), or as a number,
	 * read from its shortest decimal text (24.99 is "24.99"), never rounded. Leave out for "the payer enters it".
	 */
	amount?: string | number | null;
	/** The amount in euro cents, a whole number: instead of `amount`. */
	amountCents?: number | bigint | null;
	/** Purpose of the transfer, an ISO 20022 purpose code of four letters (e.g. GDDS). */
	purpose?: string | null;
	/** Structured remittance information: an ISO 11649 creditor reference (RF and check digits). */
	creditorReference?: string | null;
	/** Unstructured remittance information, 1 to 140 characters: instead of `creditorReference`. */
	remittanceText?: string | null;
	/** Beneficiary to originator information (shown to the payer), 1 to 70 characters. */
	information?: string | null;
	/** The payload's version: '002' (default; BIC optional) or '001' (BIC required). */
	version?: '001' | '002';
}

/** Which rule an input broke. */
export type EpcQrProblem =
	| 'missing'
	| 'tooLong'
	| 'invalidCharacter'
	| 'invalidIban'
	| 'invalidBic'
	| 'bicRequired'
	| 'invalidVersion'
	| 'invalidAmount'
	| 'amountOutOfRange'
	| 'bothAmounts'
	| 'invalidPurpose'
	| 'invalidReference'
	| 'bothRemittances'
	| 'payloadTooLong';

/** An input that cannot become an EPC069-12 payload: `field` names the input, `problem` the rule broken. */
export class EpcQrError extends Error {
	constructor(
		readonly field: keyof EpcPayment | 'payload',
		readonly problem: EpcQrProblem,
		message: string,
	) {
		super(message);
		this.name = 'EpcQrError';
	}
}

export const MAX_PAYLOAD_BYTES = 331;
export const MAX_CENTS = 99_999_999_999n;

const LABELS: Record<keyof EpcPayment, string> = {
	name: 'The beneficiary name',
	iban: 'The IBAN',
	bic: 'The BIC',
	amount: 'The amount',
	amountCents: 'The amount in cents',
	purpose: 'The purpose code',
	creditorReference: 'The creditor reference',
	remittanceText: 'The remittance text',
	information: 'The information for the payer',
	version: 'The version',
};

function given(value: string | number | bigint | null | undefined): boolean {
	return value !== undefined && value !== null && String(value).trim() !== '';
}

/** A text field trimmed, checked for line breaks and other control characters and for its length in characters. */
function textField(field: keyof EpcPayment, value: string, maxLength: number): string {
	const text = value.trim();
	if (text === '') throw new EpcQrError(field, 'missing', `${LABELS[field]} is empty`);
	// Line breaks would shift the lines after them; other control characters no banking app shows.
	// (Cc: control characters; Cs: a surrogate without its pair, which UTF-8 cannot encode.)
	if (/[\p{Cc}\p{Cs}]/u.test(text)) {
		throw new EpcQrError(
			field,
			'invalidCharacter',
			`${LABELS[field]} may not hold line breaks, tabs or other control characters`,
		);
	}
	const length = [...text].length;
	if (length > maxLength) {
		throw new EpcQrError(
			field,
			'tooLong',
			`${LABELS[field]} has ${length} characters; EPC069-12 allows at most ${maxLength}`,
		);
	}
	return text;
}

/** Cents from decimal text: digits, optionally a dot and one or two decimals. */
function centsOfText(text: string): bigint {
	const match = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(text);
	if (!match) {
		throw new EpcQrError(
			'amount',
			'invalidAmount',
			`The amount "${text}" is not a number of euros with a dot and at most two decimals (like 12.34)`,
		);
	}
	return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

function centsOf(payment: EpcPayment): bigint | null {
	const hasAmount = given(payment.amount);
	const hasCents = given(payment.amountCents);
	if (hasAmount && hasCents) {
		throw new EpcQrError('amount', 'bothAmounts', 'Give the amount in euros or in cents, not both');
	}
	let cents: bigint;
	if (hasCents) {
		const value = payment.amountCents as number | bigint;
		if (typeof value === 'number' && !Number.isSafeInteger(value)) {
			throw new EpcQrError(
				'amountCents',
				'invalidAmount',
				`The amount in cents must be a whole number, not ${value}`,
			);
		}
		cents = BigInt(value);
	} else if (hasAmount) {
		cents = centsOfText(String(payment.amount).trim());
	} else {
		return null;
	}
	if (cents < 1n || cents > MAX_CENTS) {
		throw new EpcQrError(
			hasCents ? 'amountCents' : 'amount',
			'amountOutOfRange',
			'The amount must be from EUR 0.01 to EUR 999999999.99 (EPC069-12)',
		);
	}
	return cents;
}

/** `EUR` and the amount with two decimals, as EPC069-12 writes it: 1234.5 → EUR1234.50. */
function amountLine(cents: bigint): string {
	const text = cents.toString().padStart(3, '0');
	return `EUR${text.slice(0, -2)}.${text.slice(-2)}`;
}

/**
 * Whether a text is an ISO 11649 creditor reference: RF, two check digits, 1 to 21 letters or digits, MOD 97-10
 * giving 1 (spaces of the printed form allowed). An invoice's payment reference that is not one (an invoice number)
 * goes into the remittance text instead.
 */
export function isCreditorReference(text: string): boolean {
	return rfReference(text) !== undefined;
}

function creditorReference(value: string): string {
	textField('creditorReference', value, 35);
	const reference = rfReference(value);
	if (reference !== undefined) return reference;
	const compact = value.replace(/\s+/g, '').toUpperCase();
	throw new EpcQrError(
		'creditorReference',
		'invalidReference',
		/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(compact)
			? 'The creditor reference’s check digits do not match (ISO 11649): a typing error?'
			: 'The creditor reference must be an ISO 11649 reference: RF, two check digits and 1 to 21 letters or digits',
	);
}

/**
 * The EPC069-12 payload of a payment, or an EpcQrError naming the first field that breaks a rule. Text fields are
 * trimmed; the IBAN, BIC and creditor reference are written without spaces, in capitals.
 */
export function epcPayload(payment: EpcPayment): string {
	const version = payment.version ?? '002';
	if (version !== '001' && version !== '002') {
		throw new EpcQrError('version', 'invalidVersion', 'The version must be 001 or 002');
	}
	const name = textField('name', payment.name ?? '', 70);
	const ibanCheck = checkIban(payment.iban ?? '');
	if ('error' in ibanCheck) throw new EpcQrError('iban', 'invalidIban', ibanCheck.error);
	let bic = '';
	if (given(payment.bic)) {
		const bicCheck = checkBic(payment.bic as string);
		if ('error' in bicCheck) throw new EpcQrError('bic', 'invalidBic', bicCheck.error);
		bic = bicCheck.bic;
	} else if (version === '001') {
		throw new EpcQrError('bic', 'bicRequired', 'Version 001 of the payload requires the BIC');
	}
	const cents = centsOf(payment);
	let purpose = '';
	if (given(payment.purpose)) {
		purpose = (payment.purpose as string).trim();
		if (!/^[A-Z]{4}$/.test(purpose)) {
			throw new EpcQrError(
				'purpose',
				'invalidPurpose',
				`The purpose code must be four capital letters (an ISO 20022 purpose code such as GDDS), not "${purpose}"`,
			);
		}
	}
	const hasReference = given(payment.creditorReference);
	const hasText = given(payment.remittanceText);
	if (hasReference && hasText) {
		throw new EpcQrError(
			'remittanceText',
			'bothRemittances',
			'Give a creditor reference or a remittance text, not both (EPC069-12)',
		);
	}
	const lines = [
		'BCD',
		version,
		'1',
		'SCT',
		bic,
		name,
		ibanCheck.iban,
		cents === null ? '' : amountLine(cents),
		purpose,
		hasReference ? creditorReference(payment.creditorReference as string) : '',
		hasText ? textField('remittanceText', payment.remittanceText as string, 140) : '',
		given(payment.information) ? textField('information', payment.information as string, 70) : '',
	];
	while (lines[lines.length - 1] === '') lines.pop();
	const payload = lines.join('\n');
	const bytes = Buffer.byteLength(payload, 'utf8');
	if (bytes > MAX_PAYLOAD_BYTES) {
		throw new EpcQrError(
			'payload',
			'payloadTooLong',
			`The payload has ${bytes} bytes in UTF-8; EPC069-12 allows at most ${MAX_PAYLOAD_BYTES}: shorten the name or the remittance text (umlauts take two bytes)`,
		);
	}
	return payload;
}

export interface EpcQrCode {
	/** The payload text (UTF-8 in the code). */
	payload: string;
	/** The QR symbol (version, mask, modules). */
	symbol: QrSymbol;
	/** The image as SVG. */
	svg: string;
	/** The image as PNG. */
	png: Buffer;
}

/** The payload of a payment and its QR code as SVG and PNG (`scale` pixels per module, default 6). */
export function epcQrCode(payment: EpcPayment, options: QrImageOptions = {}): EpcQrCode {
	const payload = epcPayload(payment);
	const symbol = encodeQr(Buffer.from(payload, 'utf8'));
	return { payload, symbol, svg: qrSvg(symbol, options), png: qrPng(symbol, options) };
}
