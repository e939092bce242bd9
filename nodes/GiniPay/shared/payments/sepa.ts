/**
 * A SEPA credit transfer file: the ISO 20022 customer credit transfer initiation (pain.001) that a debtor uploads to
 * the bank to pay a batch of invoices. Pure: no n8n runtime values, no I/O; the same input gives the same bytes.
 *
 * Versions (README.md in this folder has the sources):
 * - `pain.001.001.09`, the default: the message of the European Payments Council's SEPA Credit Transfer
 *   Customer-to-PSP Implementation Guidelines (EPC132-08, 2023 version 1.0), in use since the SEPA schemes moved to
 *   ISO 20022 version 2019 on 17 March 2024, and the one the German banks take under the Deutsche Kreditwirtschaft's
 *   DFÜ-Abkommen, Anlage 3 (version 3.7 and later).
 * - `pain.001.001.03`: the message of the 2009 ISO schema that the EPC's guidelines up to 2019 and the DK's formats
 *   GBIC_1 to GBIC_3 used; German banks switched it off in November 2025, some banks and programs may still ask for it.
 *
 * Money is counted in integer cents (BigInt for the sums): no floating point anywhere. Texts are put into the SEPA
 * character set (`a-z A-Z 0-9 / - ? : ( ) . , ' +` and space) and cut to the scheme's lengths. The message id,
 * payment information id and end-to-end ids are derived from a SHA-256 of the file's content, and the creation time
 * from the execution date, so the same batch gives the same file byte for byte, and a bank that refuses a message
 * id it has seen refuses a second upload of it.
 */
import { createHash } from 'node:crypto';
import { checkBic, checkIban, creditorReference } from './iban';

export { creditorReference } from './iban';

export const PAIN_VERSIONS = ['pain.001.001.09', 'pain.001.001.03'] as const;
export type PainVersion = (typeof PAIN_VERSIONS)[number];
export const DEFAULT_PAIN_VERSION: PainVersion = 'pain.001.001.09';

/**
 * A postal address, written structured (town and country at least): the form the SEPA schemes take for addresses
 * since November 2026.
 */
export interface SepaAddress {
	street?: string;
	buildingNumber?: string;
	postCode?: string;
	town: string;
	/** ISO 3166 alpha-2, `DE`. */
	country: string;
}

/** The account to pay from. */
export interface SepaDebtor {
	name: string;
	iban: string;
	/** The debtor's bank's BIC; without it the file says NOTPROVIDED, as the guidelines allow (IBAN only). */
	bic?: string | null;
	/**
	 * The debtor's address: the EPC's rules require it for a transfer to a bank in a SEPA country outside the EEA
	 * (CH, GB, ...); some banks add it themselves. Left out, such transfers are listed in `warnings`.
	 */
	address?: SepaAddress | null;
}

export interface SepaOptions {
	/** Which pain.001; `pain.001.001.09` when left out. */
	version?: PainVersion;
	/** The requested execution date, `YYYY-MM-DD`. */
	executionDate: string;
	/** `BtchBookg`: true asks for one debit of the sum, false for one debit per transfer; left out, the bank decides. */
	batchBooking?: boolean;
	/** The message id (`MsgId`, at most 35 characters); derived from the content when left out. */
	messageId?: string;
	/**
	 * The creation time (`CreDtTm`), `YYYY-MM-DDThh:mm:ss` with optional fraction and zone; when left out, midnight
	 * of the execution date, so that the file depends on its content alone.
	 */
	createdAt?: string;
}

/** One payment, as the node's items carry it. */
export interface SepaTransactionInput {
	iban: string;
	bic?: string | null;
	/** A decimal text with at most two decimals, `"1234.5"`, `"0.01"`; a number is read as the text it prints as. */
	amount: string | number;
	currency: string;
	/** The creditor's name. */
	recipient: string;
	/**
	 * The remittance information: a creditor reference (ISO 11649, `RF` and two check digits, sent structured), or
	 * any other text (sent unstructured, at most 140 characters).
	 */
	remittance?: string | null;
	/** The end-to-end id (at most 35 characters); derived from the content when left out. */
	endToEndId?: string | null;
}

/** A transaction as it goes into the file: every text in the SEPA character set and cut to its length. */
export interface SepaTransaction {
	iban: string;
	bic?: string;
	cents: bigint;
	/** `cents` as the file writes it, `"12.30"`. */
	amount: string;
	recipient: string;
	remittance?:
		| { kind: 'unstructured'; text: string }
		| { kind: 'creditorReference'; reference: string };
	endToEndId?: string;
}

export interface SepaRefusal {
	/** The position of the transaction in the input. */
	index: number;
	reason: string;
}

export interface SepaFile {
	xml: string;
	version: PainVersion;
	messageId: string;
	numberOfTransactions: number;
	/** The sum of the transfers in the file, two decimals, `"1234.50"`. */
	controlSum: string;
	/** The transactions left out of the file, and why. */
	refused: SepaRefusal[];
	/** Transactions in the file that a bank may refuse, and why (a payee outside the EEA without a debtor address). */
	warnings: SepaWarning[];
}

export interface SepaWarning {
	/** The position of the transaction in the input. */
	index: number;
	warning: string;
}

/** Thrown when no file can be written: a bad debtor or option, or no transaction left to pay. */
export class SepaFileError extends Error {
	constructor(
		message: string,
		readonly refused: SepaRefusal[] = [],
	) {
		super(message);
		this.name = 'SepaFileError';
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Limits of the scheme (EPC132-08 2023, and the same in the DK's formats)

/** The largest amount of one transfer, in cents: 999,999,999.99 EUR. */
export const MAX_AMOUNT_CENTS = 99_999_999_999n;
export const MAX_NAME_LENGTH = 70;
export const MAX_UNSTRUCTURED_LENGTH = 140;
export const MAX_ID_LENGTH = 35;
const MAX_STREET_LENGTH = 70;
const MAX_BUILDING_NUMBER_LENGTH = 16;
const MAX_POST_CODE_LENGTH = 16;
const MAX_TOWN_LENGTH = 35;
/** `CtrlSum` is a decimal of at most 18 digits, two of them after the point. */
const MAX_CONTROL_SUM_CENTS = 10n ** 18n - 1n;

// ---------------------------------------------------------------------------------------------------------------
// The SEPA character set

const SEPA_CHARACTER = /[a-zA-Z0-9/\-?:().,'+ ]/;

/**
 * The DK's rule for the characters of the former German domestic set (DFÜ-Abkommen, Anlage 3, "Zeichensatz"): banks
 * accept them and may convert them; umlauts become `ae oe ue Ae Oe Ue` and `ß` becomes `ss` (the alternatives the
 * rule allows beside dropping the dots, chosen because they keep the word readable), `&` becomes `+`.
 */
const DK_CONVERSIONS: Record<string, string> = {
	ä: 'ae',
	ö: 'oe',
	ü: 'ue',
	Ä: 'Ae',
	Ö: 'Oe',
	Ü: 'Ue',
	ß: 'ss',
	ẞ: 'SS',
	'&': '+',
};

/**
 * Letters that Unicode does not decompose into a base letter and a mark, written as their usual Latin spelling; the
 * EPC lets banks replace characters outside the set by similar ones, and these are the similar ones.
 */
const LATIN_SPELLINGS: Record<string, string> = {
	æ: 'ae',
	Æ: 'Ae',
	œ: 'oe',
	Œ: 'Oe',
	ø: 'o',
	Ø: 'O',
	ł: 'l',
	Ł: 'L',
	đ: 'd',
	Đ: 'D',
	ð: 'd',
	Ð: 'D',
	þ: 'th',
	Þ: 'Th',
	ı: 'i',
	// Typographic quotes and dashes.
	'‘': "'",
	'’': "'",
	'‚': "'",
	'‛': "'",
	'–': '-',
	'—': '-',
	'‐': '-',
	'‑': '-',
};

/**
 * A text in the SEPA character set: the DK's conversions (umlauts, ß, &), accents dropped (é → e, č → c), a few
 * letters spelled out (æ → ae, ø → o), every other character a space; runs of spaces become one, and the ends are
 * trimmed.
 */
export function toSepaText(text: string): string {
	let out = '';
	for (const character of text.normalize('NFC')) {
		const dk = DK_CONVERSIONS[character];
		if (dk !== undefined) {
			out += dk;
			continue;
		}
		if (SEPA_CHARACTER.test(character)) {
			out += character;
			continue;
		}
		const spelled = LATIN_SPELLINGS[character];
		if (spelled !== undefined) {
			out += spelled;
			continue;
		}
		const base = character.normalize('NFD').replace(/\p{M}+/gu, '');
		out += base.length > 0 && [...base].every((c) => SEPA_CHARACTER.test(c)) ? base : ' ';
	}
	return out.replace(/ {2,}/g, ' ').trim();
}

/** `text` cut to `length` characters (the set is ASCII: characters are bytes), without a trailing space. */
function cut(text: string, length: number): string {
	return text.length <= length ? text : text.slice(0, length).trimEnd();
}

/** Identifiers must not start or end with `/` nor hold `//` (EPC132-08, the rule on references and identifiers). */
function idProblem(id: string): string | undefined {
	if (id.startsWith('/') || id.endsWith('/')) return 'must not start or end with "/"';
	if (id.includes('//')) return 'must not contain "//"';
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// IBAN and BIC

/**
 * SEPA countries outside the EEA, by the IBAN's country code (GG, JE and IM have GB IBANs): a transfer to a bank
 * there carries the debtor's address.
 */
const OUTSIDE_EEA = new Set(['AD', 'AL', 'CH', 'GB', 'GI', 'MC', 'MD', 'ME', 'MK', 'SM', 'VA']);

/** BIC forms: ISO 9362:2014 as the 2023 schema writes it, and the stricter pattern of the 2009 schema. */
const BIC_FORMS: Record<PainVersion, RegExp> = {
	'pain.001.001.09': /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/,
	'pain.001.001.03': /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/,
};

/** The IBAN normalised (no spaces, upper case), or why it cannot be paid to (`./iban`). */
export function checkIbanForSepa(text: string): { iban: string } | { error: string } {
	return checkIban(text);
}

/** The BIC normalised, or why it is not one. */
export function checkBicForSepa(
	text: string,
	version: PainVersion = DEFAULT_PAIN_VERSION,
): { bic: string } | { error: string } {
	const checked = checkBic(text);
	if ('error' in checked) return checked;
	// The 2009 schema's pattern is stricter than ISO 9362:2014's (no 0 or 1 in place 7, no O in place 8).
	if (!BIC_FORMS[version].test(checked.bic)) {
		return { error: `The BIC ${checked.bic} does not have the form ${version} allows` };
	}
	return checked;
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts

/** The amount in cents, or why it is not one the scheme allows. */
export function parseAmount(value: string | number): { cents: bigint } | { error: string } {
	const text = typeof value === 'number' ? String(value) : String(value ?? '').trim();
	if (text === '') return { error: 'the amount is empty' };
	const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text);
	if (!match) {
		if (/^-/.test(text))
			return { error: `the amount ${text} is negative; a transfer is 0.01 EUR or more` };
		return {
			error: `"${text}" is not an amount (digits, and a point before at most two decimals)`,
		};
	}
	const decimals = match[2] ?? '';
	if (decimals.length > 2) {
		return { error: `the amount ${text} has ${decimals.length} decimals; at most two are allowed` };
	}
	const cents = BigInt(match[1]) * 100n + BigInt(decimals.padEnd(2, '0'));
	if (cents < 1n) return { error: `the amount ${text} is below 0.01 EUR` };
	if (cents > MAX_AMOUNT_CENTS) return { error: `the amount ${text} is above 999999999.99 EUR` };
	return { cents };
}

/** Cents as a decimal text with two decimals: 1230n → `"12.30"`. */
export function formatCents(cents: bigint): string {
	const text = cents.toString().padStart(3, '0');
	return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Remittance information

// ---------------------------------------------------------------------------------------------------------------
// One transaction

/** The transaction as it goes into the file, or why it cannot be paid with a SEPA credit transfer. */
export function checkSepaTransaction(
	input: SepaTransactionInput,
	version: PainVersion = DEFAULT_PAIN_VERSION,
): { transaction: SepaTransaction } | { error: string } {
	if (input === null || typeof input !== 'object')
		return { error: 'the transaction is not an object' };
	const currency = String(input.currency ?? '')
		.trim()
		.toUpperCase();
	if (currency === '') return { error: 'the currency is missing; SEPA transfers are in EUR' };
	if (currency !== 'EUR')
		return { error: `the currency is ${currency}; SEPA transfers are in EUR only` };
	const amount = parseAmount(input.amount);
	if ('error' in amount) return amount;
	const iban = checkIbanForSepa(String(input.iban ?? ''));
	if ('error' in iban) return iban;
	let bic: string | undefined;
	if (input.bic !== undefined && input.bic !== null && String(input.bic).trim() !== '') {
		const checked = checkBicForSepa(String(input.bic), version);
		if ('error' in checked) return checked;
		bic = checked.bic;
	}
	const rawName = String(input.recipient ?? '').trim();
	if (rawName === '') return { error: "the recipient's name is empty" };
	const recipient = cut(toSepaText(rawName), MAX_NAME_LENGTH);
	if (recipient === '') {
		return {
			error: `the recipient's name "${rawName}" has no character the SEPA character set holds`,
		};
	}
	const transaction: SepaTransaction = {
		iban: iban.iban,
		cents: amount.cents,
		amount: formatCents(amount.cents),
		recipient,
	};
	if (bic !== undefined) transaction.bic = bic;
	const rawRemittance = String(input.remittance ?? '').trim();
	if (rawRemittance !== '') {
		const reference = creditorReference(rawRemittance);
		if (reference !== undefined) {
			transaction.remittance = { kind: 'creditorReference', reference };
		} else {
			const text = cut(toSepaText(rawRemittance), MAX_UNSTRUCTURED_LENGTH);
			if (text !== '') transaction.remittance = { kind: 'unstructured', text };
		}
	}
	const rawId = String(input.endToEndId ?? '').trim();
	if (rawId !== '') {
		const id = cut(toSepaText(rawId), MAX_ID_LENGTH);
		if (id === '')
			return { error: `the end-to-end id "${rawId}" has no character the SEPA set holds` };
		const problem = idProblem(id);
		if (problem) return { error: `the end-to-end id "${id}" ${problem}` };
		transaction.endToEndId = id;
	}
	return { transaction };
}

// ---------------------------------------------------------------------------------------------------------------
// The file

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_TIME =
	/^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?$/;

function isCalendarDate(text: string): boolean {
	const match = DATE.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 1 || month < 1 || month > 12 || day < 1) return false;
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	return day <= days;
}

/** Escapes text content (the SEPA set holds none of these characters; a safeguard). */
function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface CheckedAddress {
	street?: string;
	buildingNumber?: string;
	postCode?: string;
	town: string;
	country: string;
}

interface Checked {
	version: PainVersion;
	executionDate: string;
	createdAt: string;
	batchBooking?: boolean;
	messageId?: string;
	debtor: { name: string; iban: string; bic?: string; address?: CheckedAddress };
}

function checkAddress(address: SepaAddress): CheckedAddress {
	const text = (value: unknown, length: number) => cut(toSepaText(String(value ?? '')), length);
	const town = text(address.town, MAX_TOWN_LENGTH);
	if (town === '')
		throw new SepaFileError("the debtor's address has no town; give town and country");
	const country = String(address.country ?? '')
		.trim()
		.toUpperCase();
	if (!/^[A-Z]{2}$/.test(country)) {
		throw new SepaFileError(
			`the debtor's address: "${String(address.country ?? '')}" is not a country code (two letters, DE)`,
		);
	}
	const checked: CheckedAddress = { town, country };
	const street = text(address.street, MAX_STREET_LENGTH);
	if (street !== '') checked.street = street;
	const buildingNumber = text(address.buildingNumber, MAX_BUILDING_NUMBER_LENGTH);
	if (buildingNumber !== '') checked.buildingNumber = buildingNumber;
	const postCode = text(address.postCode, MAX_POST_CODE_LENGTH);
	if (postCode !== '') checked.postCode = postCode;
	return checked;
}

function checkHead(debtor: SepaDebtor, options: SepaOptions): Checked {
	const version = options.version ?? DEFAULT_PAIN_VERSION;
	if (!PAIN_VERSIONS.includes(version)) {
		throw new SepaFileError(
			`"${String(version)}" is not a pain.001 version this file writer knows (${PAIN_VERSIONS.join(', ')})`,
		);
	}
	const executionDate = String(options.executionDate ?? '').trim();
	if (!isCalendarDate(executionDate)) {
		throw new SepaFileError(`the execution date "${executionDate}" is not a date (YYYY-MM-DD)`);
	}
	let createdAt = `${executionDate}T00:00:00`;
	if (options.createdAt !== undefined) {
		createdAt = String(options.createdAt).trim();
		const match = DATE_TIME.exec(createdAt);
		if (!match || !isCalendarDate(match[1])) {
			throw new SepaFileError(
				`the creation time "${createdAt}" is not a date and time (YYYY-MM-DDThh:mm:ss)`,
			);
		}
	}
	const name = cut(toSepaText(String(debtor?.name ?? '')), MAX_NAME_LENGTH);
	if (name === '') throw new SepaFileError("the debtor's name is empty");
	const iban = checkIbanForSepa(String(debtor?.iban ?? ''));
	if ('error' in iban) throw new SepaFileError(`the debtor's account: ${iban.error}`);
	const checked: Checked = { version, executionDate, createdAt, debtor: { name, iban: iban.iban } };
	if (debtor.bic !== undefined && debtor.bic !== null && String(debtor.bic).trim() !== '') {
		const bic = checkBicForSepa(String(debtor.bic), version);
		if ('error' in bic) throw new SepaFileError(`the debtor's bank: ${bic.error}`);
		checked.debtor.bic = bic.bic;
	}
	if (debtor.address !== undefined && debtor.address !== null) {
		checked.debtor.address = checkAddress(debtor.address);
	}
	if (options.batchBooking !== undefined) checked.batchBooking = options.batchBooking === true;
	if (options.messageId !== undefined && String(options.messageId).trim() !== '') {
		const raw = String(options.messageId).trim();
		const id = cut(toSepaText(raw), MAX_ID_LENGTH);
		const problem = id === '' ? 'has no character the SEPA set holds' : idProblem(id);
		if (problem) throw new SepaFileError(`the message id "${raw}" ${problem}`);
		checked.messageId = id;
	}
	return checked;
}

/**
 * The SHA-256 of the file's content in a canonical form (JSON of the checked values, amounts in cents): what the ids
 * are derived from. The creation time is not part of it (it is derived from the execution date, or given).
 */
function contentHash(head: Checked, transactions: SepaTransaction[]): string {
	const canonical = JSON.stringify([
		'sepa-credit-transfer/1',
		head.version,
		head.executionDate,
		head.batchBooking ?? null,
		head.debtor.name,
		head.debtor.iban,
		head.debtor.bic ?? null,
		head.debtor.address ?? null,
		transactions.map((t) => [
			t.iban,
			t.bic ?? null,
			t.cents.toString(),
			t.recipient,
			t.remittance?.kind ?? null,
			t.remittance?.kind === 'creditorReference'
				? t.remittance.reference
				: (t.remittance?.text ?? null),
			t.endToEndId ?? null,
		]),
	]);
	return createHash('sha256').update(canonical, 'utf8').digest('hex').toUpperCase();
}

/** An end-to-end id for the transaction at `position` in the file: from the file's hash and the position. */
function derivedEndToEndId(hash: string, position: number): string {
	const digest = createHash('sha256').update(`${hash}:${position}`, 'utf8').digest('hex');
	return `E2E${digest.slice(0, 32).toUpperCase()}`;
}

/**
 * The pain.001 file for the debtor's transfers. Transactions that cannot be paid are left out and listed in
 * `refused` with their index and reason; throws SepaFileError when the debtor or an option is wrong or nothing is
 * left to pay.
 */
export function createSepaCreditTransfer(
	debtor: SepaDebtor,
	transactions: SepaTransactionInput[],
	options: SepaOptions,
): SepaFile {
	const head = checkHead(debtor, options);
	const accepted: SepaTransaction[] = [];
	const refused: SepaRefusal[] = [];
	const warnings: SepaWarning[] = [];
	transactions.forEach((input, index) => {
		const checked = checkSepaTransaction(input, head.version);
		if ('error' in checked) {
			refused.push({ index, reason: checked.error });
			return;
		}
		accepted.push(checked.transaction);
		const country = checked.transaction.iban.slice(0, 2);
		if (head.debtor.address === undefined && OUTSIDE_EEA.has(country)) {
			warnings.push({
				index,
				warning: `the payee's account is in ${country}, a SEPA country outside the EEA: the scheme requires the debtor's address (town and country), which the file does not have; give it, or check that the bank adds it`,
			});
		}
	});
	if (accepted.length === 0) {
		throw new SepaFileError(
			transactions.length === 0
				? 'there is no transaction to pay'
				: `none of the ${transactions.length} transactions can be paid: ${refused
						.slice(0, 3)
						.map((r) => `transaction ${r.index}: ${r.reason}`)
						.join('; ')}${refused.length > 3 ? '; …' : ''}`,
			refused,
		);
	}
	let sum = 0n;
	for (const transaction of accepted) sum += transaction.cents;
	if (sum > MAX_CONTROL_SUM_CENTS) {
		throw new SepaFileError('the sum of the transfers has more than 18 digits; split the batch');
	}
	const hash = contentHash(head, accepted);
	const messageId = head.messageId ?? `GP${hash.slice(0, 32)}`;
	const controlSum = formatCents(sum);
	const xml = writeXml(head, accepted, { hash, messageId, controlSum });
	return {
		xml,
		version: head.version,
		messageId,
		numberOfTransactions: accepted.length,
		controlSum,
		refused,
		warnings,
	};
}

function writeXml(
	head: Checked,
	transactions: SepaTransaction[],
	ids: { hash: string; messageId: string; controlSum: string },
): string {
	const v09 = head.version === 'pain.001.001.09';
	const bicTag = v09 ? 'BICFI' : 'BIC';
	const count = String(transactions.length);
	const lines: string[] = [];
	const add = (depth: number, line: string) => lines.push('  '.repeat(depth) + line);
	const leaf = (depth: number, tag: string, value: string) =>
		add(depth, `<${tag}>${escapeXml(value)}</${tag}>`);

	lines.push('<?xml version="1.0" encoding="UTF-8"?>');
	add(
		0,
		`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${head.version}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
	);
	add(1, '<CstmrCdtTrfInitn>');
	add(2, '<GrpHdr>');
	leaf(3, 'MsgId', ids.messageId);
	leaf(3, 'CreDtTm', head.createdAt);
	leaf(3, 'NbOfTxs', count);
	leaf(3, 'CtrlSum', ids.controlSum);
	add(3, '<InitgPty>');
	leaf(4, 'Nm', head.debtor.name);
	add(3, '</InitgPty>');
	add(2, '</GrpHdr>');
	add(2, '<PmtInf>');
	leaf(3, 'PmtInfId', ids.messageId);
	leaf(3, 'PmtMtd', 'TRF');
	if (head.batchBooking !== undefined) leaf(3, 'BtchBookg', String(head.batchBooking));
	leaf(3, 'NbOfTxs', count);
	leaf(3, 'CtrlSum', ids.controlSum);
	add(3, '<PmtTpInf>');
	add(4, '<SvcLvl>');
	leaf(5, 'Cd', 'SEPA');
	add(4, '</SvcLvl>');
	add(3, '</PmtTpInf>');
	if (v09) {
		add(3, '<ReqdExctnDt>');
		leaf(4, 'Dt', head.executionDate);
		add(3, '</ReqdExctnDt>');
	} else {
		leaf(3, 'ReqdExctnDt', head.executionDate);
	}
	add(3, '<Dbtr>');
	leaf(4, 'Nm', head.debtor.name);
	const address = head.debtor.address;
	if (address !== undefined) {
		add(4, '<PstlAdr>');
		if (address.street !== undefined) leaf(5, 'StrtNm', address.street);
		if (address.buildingNumber !== undefined) leaf(5, 'BldgNb', address.buildingNumber);
		if (address.postCode !== undefined) leaf(5, 'PstCd', address.postCode);
		leaf(5, 'TwnNm', address.town);
		leaf(5, 'Ctry', address.country);
		add(4, '</PstlAdr>');
	}
	add(3, '</Dbtr>');
	add(3, '<DbtrAcct>');
	add(4, '<Id>');
	leaf(5, 'IBAN', head.debtor.iban);
	add(4, '</Id>');
	add(3, '</DbtrAcct>');
	add(3, '<DbtrAgt>');
	add(4, '<FinInstnId>');
	if (head.debtor.bic !== undefined) {
		leaf(5, bicTag, head.debtor.bic);
	} else {
		add(5, '<Othr>');
		leaf(6, 'Id', 'NOTPROVIDED');
		add(5, '</Othr>');
	}
	add(4, '</FinInstnId>');
	add(3, '</DbtrAgt>');
	leaf(3, 'ChrgBr', 'SLEV');
	transactions.forEach((transaction, position) => {
		add(3, '<CdtTrfTxInf>');
		add(4, '<PmtId>');
		leaf(5, 'EndToEndId', transaction.endToEndId ?? derivedEndToEndId(ids.hash, position));
		add(4, '</PmtId>');
		add(4, '<Amt>');
		add(5, `<InstdAmt Ccy="EUR">${transaction.amount}</InstdAmt>`);
		add(4, '</Amt>');
		if (transaction.bic !== undefined) {
			add(4, '<CdtrAgt>');
			add(5, '<FinInstnId>');
			leaf(6, bicTag, transaction.bic);
			add(5, '</FinInstnId>');
			add(4, '</CdtrAgt>');
		}
		add(4, '<Cdtr>');
		leaf(5, 'Nm', transaction.recipient);
		add(4, '</Cdtr>');
		add(4, '<CdtrAcct>');
		add(5, '<Id>');
		leaf(6, 'IBAN', transaction.iban);
		add(5, '</Id>');
		add(4, '</CdtrAcct>');
		const remittance = transaction.remittance;
		if (remittance !== undefined) {
			add(4, '<RmtInf>');
			if (remittance.kind === 'unstructured') {
				leaf(5, 'Ustrd', remittance.text);
			} else {
				add(5, '<Strd>');
				add(6, '<CdtrRefInf>');
				add(7, '<Tp>');
				add(8, '<CdOrPrtry>');
				leaf(9, 'Cd', 'SCOR');
				add(8, '</CdOrPrtry>');
				add(7, '</Tp>');
				leaf(7, 'Ref', remittance.reference);
				add(6, '</CdtrRefInf>');
				add(5, '</Strd>');
			}
			add(4, '</RmtInf>');
		}
		add(3, '</CdtTrfTxInf>');
	});
	add(2, '</PmtInf>');
	add(1, '</CstmrCdtTrfInitn>');
	add(0, '</Document>');
	return `${lines.join('\n')}\n`;
}
