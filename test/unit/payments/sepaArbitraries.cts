/**
 * Random SEPA credit transfer batches for the property tests: valid IBANs of every SEPA country (check digits
 * computed here with BigInt, not with the module's own mod 97), BICs of the strict 2009 form (so that both versions
 * take them), amounts as texts and numbers of every valid shape, names and remittance texts with umlauts, accents,
 * symbols and other scripts, long beyond the scheme's lengths, and valid ISO 11649 creditor references.
 */
import fc from 'fast-check';

import type {
	PainVersion,
	SepaDebtor,
	SepaTransactionInput,
} from '../../../nodes/GiniPay/shared/payments/sepa';

/** IBAN lengths of the SEPA countries, from the IBAN registry (independent of the module's table). */
export const IBAN_LENGTHS: Array<[string, number]> = [
	['AD', 24],
	['AT', 20],
	['BE', 16],
	['BG', 22],
	['CH', 21],
	['CY', 28],
	['CZ', 24],
	['DE', 22],
	['DK', 18],
	['EE', 20],
	['ES', 24],
	['FI', 18],
	['FR', 27],
	['GB', 22],
	['GI', 23],
	['GR', 27],
	['HR', 21],
	['HU', 28],
	['IE', 22],
	['IS', 26],
	['IT', 27],
	['LI', 21],
	['LT', 20],
	['LU', 20],
	['LV', 21],
	['MC', 27],
	['MT', 31],
	['NL', 18],
	['NO', 15],
	['PL', 28],
	['PT', 25],
	['RO', 24],
	['SE', 24],
	['SI', 19],
	['SK', 24],
	['SM', 27],
	['VA', 22],
];

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The ISO 7064 mod 97-10 check digits of `country` + `bban`, computed with BigInt over the digit string. */
export function ibanCheckDigits(country: string, bban: string): string {
	const digits = [...`${bban}${country}00`].map((c) => String(Number.parseInt(c, 36))).join('');
	return String(98n - (BigInt(digits) % 97n)).padStart(2, '0');
}

export function makeIban(country: string, bban: string): string {
	return `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

/** A small deterministic generator, so that one fast-check integer gives a whole IBAN or BIC. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function ibanFromSeed(seed: number): string {
	const random = mulberry32(seed);
	const [country, length] = IBAN_LENGTHS[Math.floor(random() * IBAN_LENGTHS.length)];
	// German, Austrian, ... BBANs are digits; some countries have letters (a bank code): use both.
	const letters = random() < 0.3;
	let bban = '';
	for (let i = 0; i < length - 4; i++) {
		bban +=
			letters && i < 4 ? ALNUM[10 + Math.floor(random() * 26)] : String(Math.floor(random() * 10));
	}
	return makeIban(country, bban);
}

function bicFromSeed(seed: number): string {
	const random = mulberry32(seed);
	const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)];
	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
	let bic = '';
	for (let i = 0; i < 4; i++) bic += pick(letters);
	bic += ['DE', 'AT', 'FR', 'NL', 'IT', 'ES', 'BE'][Math.floor(random() * 7)];
	bic += pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789');
	bic += pick('ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789');
	if (random() < 0.5) bic += pick(ALNUM) + pick(ALNUM) + pick(ALNUM);
	return bic;
}

/** A creditor reference: RF, check digits (mod 97 over the reference + "RF00"), 1 to 21 characters. */
export function makeCreditorReference(body: string): string {
	const digits = [...`${body}RF00`].map((c) => String(Number.parseInt(c, 36))).join('');
	return `RF${String(98n - (BigInt(digits) % 97n)).padStart(2, '0')}${body}`;
}

const WORDS = [
	'Müller',
	'Bäckerei',
	'Größe',
	'Öl & Gas',
	'Überweisung',
	'Straße',
	'ÄÖÜ äöü ß',
	'Café Crème',
	'Łódź',
	'Ørsted',
	'Smørrebrød',
	'Gärtnerei Grünwald',
	'Holzweg GmbH & Co. KG',
	'Stadtwerke Neustadt',
	"O'Brien",
	'Søren Kierkegaard',
	'Dvořák',
	'Straßenbau Süd',
	'Rechnung Nr. 2024/17',
	'(Kunde 42)',
	'50 % Anzahlung',
	'€ 100,00',
	'日本語',
	'Ελληνικά',
	'emoji 😀',
	'tab\there',
	'new\nline',
	'<tag> "quoted"',
];

/** A text made of words with umlauts, accents, symbols and other scripts; always starts with a Latin word. */
const textArb = (maxWords: number) =>
	fc
		.tuple(
			fc.constantFrom(...WORDS.slice(0, 16)),
			fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 12 })), {
				maxLength: maxWords,
			}),
		)
		.map(([first, rest]) => [first, ...rest].join(' '));

/** Amounts in cents, with the edges and the middle, as texts of several shapes or as numbers. */
const amountArb = fc
	.oneof(
		{ weight: 3, arbitrary: fc.bigInt(1n, 100_000n) },
		{ weight: 2, arbitrary: fc.bigInt(1n, 99_999_999_999n) },
		fc.constantFrom(1n, 10n, 99n, 100n, 99_999_999_999n, 99_999_999_900n),
	)
	.chain((cents) => {
		const units = (cents / 100n).toString();
		const fraction = (cents % 100n).toString().padStart(2, '0');
		const shapes: Array<string | number> = [`${units}.${fraction}`, Number(cents) / 100];
		if (fraction.endsWith('0')) shapes.push(`${units}.${fraction[0]}`);
		if (fraction === '00') shapes.push(units, ` ${units} `);
		shapes.push(`00${units}.${fraction}`);
		return fc.constantFrom(...shapes).map((amount) => ({ cents, amount }));
	});

export interface GeneratedTransaction {
	input: SepaTransactionInput;
	/** The amount in cents as the generator meant it. */
	cents: bigint;
}

export const transactionArb: fc.Arbitrary<GeneratedTransaction> = fc
	.record({
		ibanSeed: fc.integer(),
		bicSeed: fc.option(fc.integer(), { nil: undefined }),
		amount: amountArb,
		currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'eur', ' EUR '),
		recipient: fc.oneof(textArb(4), textArb(40)),
		remittance: fc.oneof(
			fc.constant(undefined),
			fc.constant(null),
			fc.constant(''),
			textArb(5),
			textArb(60),
			fc
				.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 21 })
				.map(makeCreditorReference),
		),
		endToEndId: fc.option(
			fc.string({ unit: fc.constantFrom(...`${ALNUM}abc-.`), minLength: 1, maxLength: 45 }),
			{ nil: undefined, freq: 4 },
		),
	})
	.map((r) => {
		const input: SepaTransactionInput = {
			iban: ibanFromSeed(r.ibanSeed),
			amount: r.amount.amount,
			currency: r.currency,
			recipient: r.recipient,
		};
		if (r.bicSeed !== undefined) input.bic = bicFromSeed(r.bicSeed);
		if (r.remittance !== undefined) input.remittance = r.remittance;
		if (r.endToEndId !== undefined) input.endToEndId = r.endToEndId;
		return { input, cents: r.amount.cents };
	});

export const debtorArb: fc.Arbitrary<SepaDebtor> = fc
	.record({
		name: fc.oneof(textArb(3), textArb(30)),
		ibanSeed: fc.integer(),
		bicSeed: fc.option(fc.integer(), { nil: undefined }),
		address: fc.option(
			fc.record(
				{
					street: textArb(12),
					buildingNumber: fc.string({
						unit: fc.constantFrom(...'0123456789abc-/ '),
						maxLength: 20,
					}),
					postCode: fc.string({ unit: fc.constantFrom(...'0123456789 ABC'), maxLength: 20 }),
					town: textArb(8),
					country: fc.constantFrom('DE', 'AT', 'CH', 'gb', ' fr '),
				},
				{ requiredKeys: ['town', 'country'] },
			),
			{ nil: undefined },
		),
	})
	.map((r) => ({
		name: r.name,
		iban: ibanFromSeed(r.ibanSeed),
		...(r.bicSeed === undefined ? {} : { bic: bicFromSeed(r.bicSeed) }),
		...(r.address === undefined ? {} : { address: r.address }),
	}));

export const versionArb: fc.Arbitrary<PainVersion> = fc.constantFrom(
	'pain.001.001.09',
	'pain.001.001.09',
	'pain.001.001.03',
);

export const dateArb = fc
	.date({
		min: new Date('2020-01-01T00:00:00Z'),
		max: new Date('2099-12-31T00:00:00Z'),
		noInvalidDate: true,
	})
	.map((date) => date.toISOString().slice(0, 10));

/** Batch sizes from 1 to `max`: most small, some in the hundreds, a few large. */
export const sizeArb = (max: number) =>
	fc.oneof(
		{ weight: 34, arbitrary: fc.integer({ min: 1, max: 20 }) },
		{ weight: 4, arbitrary: fc.integer({ min: 21, max: 300 }) },
		{ weight: 1, arbitrary: fc.integer({ min: 301, max }) },
	);

export interface GeneratedBatch {
	debtor: SepaDebtor;
	version: PainVersion;
	executionDate: string;
	batchBooking?: boolean;
	transactions: GeneratedTransaction[];
}

export const batchOfSize = (size: number): fc.Arbitrary<GeneratedBatch> =>
	fc
		.record({
			debtor: debtorArb,
			version: versionArb,
			executionDate: dateArb,
			batchBooking: fc.option(fc.boolean(), { nil: undefined }),
			transactions: fc.array(transactionArb, { minLength: size, maxLength: size }),
		})
		.map((batch) => {
			if (batch.batchBooking === undefined) delete batch.batchBooking;
			return batch;
		});

export const batchArb = (maxSize: number): fc.Arbitrary<GeneratedBatch> =>
	sizeArb(maxSize).chain(batchOfSize);
