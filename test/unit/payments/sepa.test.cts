/**
 * The SEPA credit transfer file (nodes/GiniPay/shared/payments/sepa.ts) against its oracles: the EPC's 2023
 * pain.001.001.09 schema and ISO's pain.001.001.03 schema with `xmllint --schema` (test/fixtures/iso20022/), sums
 * computed here from the input texts, published IBANs and creditor references, and the SEPA character set.
 */
import fc from 'fast-check';

import {
	DEFAULT_PAIN_VERSION,
	SepaFileError,
	checkIbanForSepa,
	checkSepaTransaction,
	createSepaCreditTransfer,
	creditorReference,
	formatCents,
	parseAmount,
	toSepaText,
	type PainVersion,
	type SepaDebtor,
	type SepaFile,
	type SepaTransactionInput,
} from '../../../nodes/GiniPay/shared/payments/sepa';
import {
	batchOfSize,
	makeCreditorReference,
	makeIban,
	transactionArb,
	type GeneratedBatch,
} from './sepaArbitraries.cts';
import { SEPA_TEXT, centsText, checkRandomBatches, fileOf, texts } from './sepaChecks.cts';
import { SCHEMAS, ensureXmllint, validate, validateAll } from './xmllint.cts';

const DEBTOR: SepaDebtor = {
	name: 'Gärtnerei Grünwald GmbH',
	iban: 'DE89370400440532013000',
	bic: 'COBADEFFXXX',
};
const OPTIONS = { executionDate: '2026-12-07' };

const tx = (overrides: Partial<SepaTransactionInput> = {}): SepaTransactionInput => ({
	iban: 'DE02120300000000202051',
	amount: '123.45',
	currency: 'EUR',
	recipient: 'Bäckerei Köhler',
	remittance: 'Rechnung 2024-17',
	...overrides,
});

beforeAll(() => {
	ensureXmllint();
}, 600_000);

describe('the oracle', () => {
	const good = createSepaCreditTransfer(DEBTOR, [tx()], OPTIONS).xml;

	it.each(['pain.001.001.09', 'pain.001.001.03'] as PainVersion[])(
		'xmllint takes a file of %s and refuses broken ones (an oracle that can fail)',
		(version) => {
			const xml = createSepaCreditTransfer(DEBTOR, [tx()], { ...OPTIONS, version }).xml;
			expect(validate(SCHEMAS[version], xml)).toEqual({ ok: true, output: '' });
			const broken = [
				xml.replace('<InstdAmt Ccy="EUR">123.45<', '<InstdAmt Ccy="EUR">123.456789<'),
				xml.replace('<PmtMtd>TRF<', '<PmtMtd>XXX<'),
				xml.replace(/<MsgId>[^<]*</, '<MsgId><'),
				xml.replace('<IBAN>DE02120300000000202051<', '<IBAN>de02120300000000202051<'),
			];
			if (version === 'pain.001.001.09') {
				// The 2023 schema's own restrictions (its EUR-only rule is a usage rule, not in the schema).
				broken.push(
					xml.replace('<InstdAmt Ccy="EUR">123.45<', '<InstdAmt Ccy="EUR">1000000000.00<'),
				);
				broken.push(xml.replace('<InstdAmt Ccy="EUR">123.45<', '<InstdAmt Ccy="EUR">123.456<'));
				broken.push(xml.replace('<Nm>Baeckerei Koehler<', `<Nm>${'x'.repeat(71)}<`));
			}
			const result = validateAll(
				SCHEMAS[version],
				new Map(broken.map((b, i) => [`broken${i}`, b])),
			);
			expect(result.valid).toEqual([]);
		},
	);

	it('the default is pain.001.001.09 and it is not the 2009 schema', () => {
		expect(DEFAULT_PAIN_VERSION).toBe('pain.001.001.09');
		expect(validate(SCHEMAS['pain.001.001.03'], good).ok).toBe(false);
	});
});

describe('a file', () => {
	it('holds what the batch says, in the 2023 layout', () => {
		const file = createSepaCreditTransfer(
			DEBTOR,
			[
				tx(),
				tx({
					iban: 'AT61 1904 3002 3457 3201',
					bic: 'bkauatww',
					amount: 7,
					recipient: 'Müller & Söhne',
					remittance: 'RF18 5390 0754 7034',
					endToEndId: 'INV-2024-0017',
				}),
			],
			{ ...OPTIONS, batchBooking: false },
		);
		expect(file.numberOfTransactions).toBe(2);
		expect(file.controlSum).toBe('130.45');
		expect(file.refused).toEqual([]);
		expect(file.messageId).toMatch(/^GP[0-9A-F]{32}$/);
		const xml = file.xml;
		expect(
			xml.startsWith(
				'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"',
			),
		).toBe(true);
		expect(texts(xml, 'CreDtTm')).toEqual(['2026-12-07T00:00:00']);
		expect(texts(xml, 'Dt')).toEqual(['2026-12-07']);
		expect(texts(xml, 'BtchBookg')).toEqual(['false']);
		expect(texts(xml, 'Nm')).toEqual([
			'Gaertnerei Gruenwald GmbH',
			'Gaertnerei Gruenwald GmbH',
			'Baeckerei Koehler',
			'Mueller + Soehne',
		]);
		expect(texts(xml, 'BICFI')).toEqual(['COBADEFFXXX', 'BKAUATWW']);
		expect(texts(xml, 'IBAN')).toEqual([
			'DE89370400440532013000',
			'DE02120300000000202051',
			'AT611904300234573201',
		]);
		expect(texts(xml, 'InstdAmt')).toEqual(['123.45', '7.00']);
		expect(texts(xml, 'Ustrd')).toEqual(['Rechnung 2024-17']);
		expect(texts(xml, 'Ref')).toEqual(['RF18539007547034']);
		expect(texts(xml, 'Cd')).toEqual(['SEPA', 'SCOR']);
		expect(texts(xml, 'ChrgBr')).toEqual(['SLEV']);
		const ids = texts(xml, 'EndToEndId');
		expect(ids[0]).toMatch(/^E2E[0-9A-F]{32}$/);
		expect(ids[1]).toBe('INV-2024-0017');
		expect(validate(SCHEMAS['pain.001.001.09'], xml)).toEqual({ ok: true, output: '' });
	});

	it('without the debtor BIC says NOTPROVIDED; without a creditor BIC has no creditor agent', () => {
		const xml = createSepaCreditTransfer({ ...DEBTOR, bic: '' }, [tx()], OPTIONS).xml;
		expect(xml).toMatch(/<DbtrAgt>\s*<FinInstnId>\s*<Othr>\s*<Id>NOTPROVIDED<\/Id>/);
		expect(xml).not.toContain('<CdtrAgt>');
		expect(xml).not.toContain('<BtchBookg>');
		expect(validate(SCHEMAS['pain.001.001.09'], xml).ok).toBe(true);
	});

	it('in pain.001.001.03 writes BIC, a plain ReqdExctnDt and its namespace', () => {
		const xml = createSepaCreditTransfer(DEBTOR, [tx({ bic: 'BYLADEM1001' })], {
			...OPTIONS,
			version: 'pain.001.001.03',
			batchBooking: true,
		}).xml;
		expect(xml).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"');
		expect(texts(xml, 'BIC')).toEqual(['COBADEFFXXX', 'BYLADEM1001']);
		expect(texts(xml, 'ReqdExctnDt')).toEqual(['2026-12-07']);
		expect(validate(SCHEMAS['pain.001.001.03'], xml)).toEqual({ ok: true, output: '' });
	});

	it.each(['pain.001.001.09', 'pain.001.001.03'] as PainVersion[])(
		'in %s writes the debtor address structured, in the set and cut to its lengths',
		(version) => {
			const file = createSepaCreditTransfer(
				{
					...DEBTOR,
					address: {
						street: 'Große Gärtnerstraße',
						buildingNumber: '12a',
						postCode: '80331',
						town: `München ${'x'.repeat(40)}`,
						country: 'de',
					},
				},
				[tx({ iban: 'CH9300762011623852957' })],
				{ ...OPTIONS, version },
			);
			expect(file.xml).toMatch(
				/<Dbtr>\s*<Nm>Gaertnerei Gruenwald GmbH<\/Nm>\s*<PstlAdr>\s*<StrtNm>Grosse Gaertnerstrasse<\/StrtNm>\s*<BldgNb>12a<\/BldgNb>\s*<PstCd>80331<\/PstCd>\s*<TwnNm>(Muenchen x+)<\/TwnNm>\s*<Ctry>DE<\/Ctry>\s*<\/PstlAdr>\s*<\/Dbtr>/,
			);
			expect(texts(file.xml, 'TwnNm')[0]).toHaveLength(35);
			expect(file.warnings).toEqual([]);
			expect(validate(SCHEMAS[version], file.xml)).toEqual({ ok: true, output: '' });
		},
	);

	it('warns of a payee outside the EEA when the debtor has no address', () => {
		const file = createSepaCreditTransfer(
			DEBTOR,
			[tx(), tx({ iban: 'CH9300762011623852957' }), tx({ iban: 'GB29NWBK60161331926819' })],
			OPTIONS,
		);
		expect(file.numberOfTransactions).toBe(3);
		expect(file.warnings).toEqual([
			{
				index: 1,
				warning: expect.stringContaining(
					"in CH, a SEPA country outside the EEA: the scheme requires the debtor's address",
				),
			},
			{ index: 2, warning: expect.stringContaining('in GB, a SEPA country outside the EEA') },
		]);
	});

	it('takes a given message id and creation time', () => {
		const file = createSepaCreditTransfer(DEBTOR, [tx()], {
			...OPTIONS,
			messageId: 'Zahllauf KW 49 / 2026',
			createdAt: '2026-12-04T17:30:00+01:00',
		});
		expect(file.messageId).toBe('Zahllauf KW 49 / 2026');
		expect(texts(file.xml, 'PmtInfId')).toEqual(['Zahllauf KW 49 / 2026']);
		expect(texts(file.xml, 'CreDtTm')).toEqual(['2026-12-04T17:30:00+01:00']);
		expect(validate(SCHEMAS['pain.001.001.09'], file.xml).ok).toBe(true);
	});
});

describe('the SEPA character set', () => {
	it.each([
		['Müller & Söhne', 'Mueller + Soehne'],
		['Straße', 'Strasse'],
		['ÄÖÜ äöü ß ẞ', 'AeOeUe aeoeue ss SS'],
		['Café Crème, Dvořák', 'Cafe Creme, Dvorak'],
		['Łódź Ørsted Æble', 'Lodz Orsted Aeble'],
		['50 % Anzahlung', '50 Anzahlung'],
		['€ 100,00', '100,00'],
		['Rechnung Nr. 2024/17 (Kunde: 42) ?+', 'Rechnung Nr. 2024/17 (Kunde: 42) ?+'],
		['O’Brien – „Zitat“', "O'Brien - Zitat"],
		['tab\there\nnew line', 'tab here new line'],
		['<tag> "quoted" ;', 'tag quoted'],
		['日本語', ''],
		['emoji 😀 end', 'emoji end'],
		['Mu\u0308ller', 'Mueller'],
	])('%j → %j', (input, output) => {
		expect(toSepaText(input)).toBe(output);
	});

	it('every text comes out in the set, whatever goes in', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
				expect(toSepaText(text)).toMatch(SEPA_TEXT);
			}),
			{ numRuns: 2000 },
		);
	});

	it('cuts names to 70 and unstructured remittance to 140 characters, after the conversion', () => {
		const name = `Ä${'x'.repeat(100)}`;
		const checked = checkSepaTransaction(tx({ recipient: name, remittance: 'ü'.repeat(100) }));
		expect(checked).toMatchObject({
			transaction: {
				recipient: `Ae${'x'.repeat(68)}`,
				remittance: { kind: 'unstructured', text: 'ue'.repeat(70) },
			},
		});
	});
});

describe('amounts, IBANs and references', () => {
	it.each([
		['0.01', 1n],
		['1', 100n],
		['1.5', 150n],
		['1.50', 150n],
		[' 0012.30 ', 1230n],
		['999999999.99', 99_999_999_999n],
		[12.34, 1234n],
		[0.07, 7n],
	])('%j is %s cents', (text, cents) => {
		expect(parseAmount(text)).toEqual({ cents });
	});

	it('formats cents with two decimals', () => {
		expect([0n, 1n, 10n, 100n, 123456n, 99_999_999_999n].map(formatCents)).toEqual([
			'0.00',
			'0.01',
			'0.10',
			'1.00',
			'1234.56',
			'999999999.99',
		]);
	});

	it('takes published IBANs and refuses them with a digit changed', () => {
		const published = [
			'DE89370400440532013000',
			'DE02120300000000202051',
			'AT611904300234573201',
			'FR1420041010050500013M02606',
			'NL91ABNA0417164300',
			'GB29NWBK60161331926819',
			'BE68539007547034',
			'IT60X0542811101000000123456',
			'CH9300762011623852957',
			'MT84MALT011000012345MTLCAST001S',
			'NO9386011117947',
		];
		for (const iban of published) {
			expect(checkIbanForSepa(iban)).toEqual({ iban });
			const changed = iban.slice(0, 10) + String((Number(iban[10]) + 1) % 10) + iban.slice(11);
			expect(checkIbanForSepa(changed)).toEqual({ error: expect.stringContaining('check digits') });
		}
	});

	it('agrees with a BigInt mod 97 on random IBANs and on random digit changes', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 18, maxLength: 18 }),
				fc.nat(17),
				fc.integer({ min: 1, max: 9 }),
				(bban, position, delta) => {
					const iban = makeIban('DE', bban);
					expect(checkIbanForSepa(iban)).toEqual({ iban });
					const digit = (Number(bban[position]) + delta) % 10;
					const changed =
						makeIban('DE', bban).slice(0, 4) +
						bban.slice(0, position) +
						digit +
						bban.slice(position + 1);
					// A single changed digit is always caught by mod 97.
					expect('error' in checkIbanForSepa(changed)).toBe(true);
				},
			),
			{ numRuns: 1000 },
		);
	});

	it('reads ISO 11649 creditor references and nothing else as structured', () => {
		expect(creditorReference('RF18 5390 0754 7034')).toBe('RF18539007547034');
		expect(creditorReference('rf18539007547034')).toBe('RF18539007547034');
		expect(creditorReference('RF19539007547034')).toBeUndefined();
		expect(creditorReference('RF18')).toBeUndefined();
		fc.assert(
			fc.property(
				fc.string({
					unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
					minLength: 1,
					maxLength: 21,
				}),
				(body) => {
					expect(creditorReference(makeCreditorReference(body))).toBe(makeCreditorReference(body));
				},
			),
			{ numRuns: 500 },
		);
	});
});

describe('invalid input is refused with a clear message', () => {
	it.each([
		[
			'an IBAN with wrong check digits',
			{ iban: 'DE89370400440532013001' },
			/check digits do not match/,
		],
		[
			'an IBAN of the wrong length',
			{ iban: 'DE8937040044053201300' },
			/An IBAN of DE has 22 characters, this one has 21/,
		],
		['an IBAN outside SEPA', { iban: 'US64SVBKUS6S3300958879' }, /is not in the SEPA schemes/],
		['no IBAN', { iban: '' }, /The IBAN is empty/],
		['not an IBAN', { iban: 'Kontonummer 12345' }, /must start with two letters/],
		[
			'a currency other than EUR',
			{ currency: 'USD' },
			/currency is USD; SEPA transfers are in EUR only/,
		],
		['no currency', { currency: '' }, /currency is missing/],
		['a zero amount', { amount: '0.00' }, /below 0\.01 EUR/],
		['a negative amount', { amount: '-5.00' }, /is negative/],
		['an amount above the limit', { amount: '1000000000.00' }, /above 999999999\.99 EUR/],
		['three decimals', { amount: '12.345' }, /has 3 decimals; at most two/],
		['three decimals as a number', { amount: 0.1 + 0.2 }, /has 17 decimals; at most two/],
		['a decimal comma', { amount: '12,50' }, /is not an amount/],
		['no amount', { amount: '' }, /the amount is empty/],
		['an empty name', { recipient: '  ' }, /recipient's name is empty/],
		[
			'a name without a Latin character',
			{ recipient: '日本語' },
			/has no character the SEPA character set holds/,
		],
		['a malformed BIC', { bic: 'COBADE' }, /BIC must have 8 or 11/],
		['an end-to-end id with //', { endToEndId: 'a//b' }, /must not contain "\/\/"/],
		['an end-to-end id starting with /', { endToEndId: '/abc' }, /must not start or end with "\/"/],
	])('%s', (_name, overrides, reason) => {
		const inputs = [tx(), tx(overrides as Partial<SepaTransactionInput>), tx({ amount: '1.00' })];
		const file = createSepaCreditTransfer(DEBTOR, inputs, OPTIONS);
		expect(file.refused).toEqual([{ index: 1, reason: expect.stringMatching(reason) }]);
		expect(file.numberOfTransactions).toBe(2);
		expect(file.controlSum).toBe('124.45');
		const checked = checkSepaTransaction(inputs[1]);
		expect(checked).toEqual({ error: expect.stringMatching(reason) });
	});

	it('a BIC the 2023 schema takes but the 2009 one does not is refused in pain.001.001.03 only', () => {
		expect('transaction' in checkSepaTransaction(tx({ bic: 'AB1CDEFF' }), 'pain.001.001.09')).toBe(
			true,
		);
		expect(checkSepaTransaction(tx({ bic: 'AB1CDEFF' }), 'pain.001.001.03')).toEqual({
			error: expect.stringMatching(/does not have the form pain.001.001.03 allows/),
		});
	});

	it.each([
		[
			'a bad debtor IBAN',
			{ ...DEBTOR, iban: 'DE00370400440532013000' },
			OPTIONS,
			/debtor's account: .*check digits/,
		],
		['an empty debtor name', { ...DEBTOR, name: ' ' }, OPTIONS, /debtor's name is empty/],
		[
			'a bad debtor BIC',
			{ ...DEBTOR, bic: 'XX' },
			OPTIONS,
			/debtor's bank: .*BIC must have 8 or 11/,
		],
		['no execution date', DEBTOR, { executionDate: '' }, /execution date "" is not a date/],
		['an impossible date', DEBTOR, { executionDate: '2026-02-29' }, /is not a date/],
		['a date in another form', DEBTOR, { executionDate: '07.12.2026' }, /is not a date/],
		[
			'an unknown version',
			DEBTOR,
			{ ...OPTIONS, version: 'pain.001.001.02' },
			/not a pain\.001 version/,
		],
		['a bad creation time', DEBTOR, { ...OPTIONS, createdAt: '2026-12-07 10:00' }, /creation time/],
		[
			'an address without a town',
			{ ...DEBTOR, address: { town: ' ', country: 'DE' } },
			OPTIONS,
			/address has no town/,
		],
		[
			'an address with a bad country',
			{ ...DEBTOR, address: { town: 'Berlin', country: 'Germany' } },
			OPTIONS,
			/"Germany" is not a country code/,
		],
		[
			'a message id with //',
			DEBTOR,
			{ ...OPTIONS, messageId: 'run//1' },
			/message id "run\/\/1" must not contain/,
		],
	])('a file with %s is not written', (_name, debtor, options, message) => {
		expect(() => createSepaCreditTransfer(debtor, [tx()], options as never)).toThrow(message);
	});

	it('a batch with nothing payable is not written, and says why', () => {
		expect(() => createSepaCreditTransfer(DEBTOR, [], OPTIONS)).toThrow(
			'there is no transaction to pay',
		);
		let error: unknown;
		try {
			createSepaCreditTransfer(DEBTOR, [tx({ currency: 'CHF' }), tx({ amount: '0' })], OPTIONS);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(SepaFileError);
		expect((error as SepaFileError).message).toMatch(
			/none of the 2 transactions can be paid: transaction 0: the currency is CHF.*; transaction 1: the amount 0 is below/,
		);
		expect((error as SepaFileError).refused.map((r) => r.index)).toEqual([0, 1]);
	});

	it('random invalid transactions among valid ones are refused at their index; the rest makes a valid file', () => {
		const invalid = fc.constantFrom<Partial<SepaTransactionInput>>(
			{ iban: 'DE89370400440532013001' },
			{ currency: 'USD' },
			{ amount: '0' },
			{ amount: '1.001' },
			{ amount: '1000000000' },
			{ recipient: '' },
			{ bic: 'NOTABIC!' },
		);
		const documents = new Map<string, string>();
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						transactionArb.map((t) => ({ t, bad: undefined })),
						fc.tuple(transactionArb, invalid).map(([t, bad]) => ({ t, bad })),
					),
					{
						minLength: 1,
						maxLength: 30,
					},
				),
				(entries) => {
					fc.pre(entries.some((e) => e.bad === undefined));
					const inputs = entries.map((e) => ({ ...e.t.input, ...(e.bad ?? {}) }));
					const file = createSepaCreditTransfer(DEBTOR, inputs, OPTIONS);
					const badIndexes = entries.flatMap((e, i) => (e.bad ? [i] : []));
					expect(file.refused.map((r) => r.index)).toEqual(badIndexes);
					const good = entries.filter((e) => !e.bad);
					expect(file.numberOfTransactions).toBe(good.length);
					expect(file.controlSum).toBe(centsText(good.reduce((s, e) => s + Number(e.t.cents), 0)));
					documents.set(`run${documents.size}`, file.xml);
				},
			),
			{ numRuns: 200 },
		);
		const result = validateAll(SCHEMAS['pain.001.001.09'], documents);
		expect([...result.invalid]).toEqual([]);
		expect(result.valid).toHaveLength(documents.size);
	});
});

describe('determinism', () => {
	it('the same batch gives the same file byte for byte; another batch another message id', () => {
		fc.assert(
			fc.property(batchOfSize(5), fc.nat(4), (batch, changed) => {
				const first = fileOf(batch);
				// Fresh copies of every input, with their keys in another order.
				const copy: GeneratedBatch = JSON.parse(
					JSON.stringify(batch, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
				);
				copy.transactions = batch.transactions.map((t) => ({
					cents: t.cents,
					input: Object.fromEntries(
						Object.entries(t.input).reverse(),
					) as unknown as SepaTransactionInput,
				}));
				const second = fileOf(copy);
				expect(second.xml).toBe(first.xml);
				expect(second.messageId).toBe(first.messageId);
				// One cent more on one transfer: another message id and other end-to-end ids.
				const other = { ...batch, transactions: [...batch.transactions] };
				const t = other.transactions[changed];
				const cents = t.cents === 99_999_999_999n ? t.cents - 1n : t.cents + 1n;
				other.transactions[changed] = { cents, input: { ...t.input, amount: formatCents(cents) } };
				const third = fileOf(other);
				expect(third.messageId).not.toBe(first.messageId);
				const derived = (f: SepaFile) =>
					texts(f.xml, 'EndToEndId').filter((id) => id.startsWith('E2E'));
				for (const id of derived(third)) expect(derived(first)).not.toContain(id);
			}),
			{ numRuns: 100 },
		);
	});

	it('derived end-to-end ids are unique within a file, also for identical transfers', () => {
		const same = Array.from({ length: 50 }, () => tx());
		const ids = texts(createSepaCreditTransfer(DEBTOR, same, OPTIONS).xml, 'EndToEndId');
		expect(new Set(ids).size).toBe(50);
	});
});

describe('random valid batches (1 to 10,000 transfers)', () => {
	it('all validate against their schema, and the sums and counts are exact', () => {
		// 300 batches, one of 1 and one of 10,000 transfers among them; the soak project runs bigger ones.
		const { batches, transfers } = checkRandomBatches({ count: 300, maxSize: 2000 });
		expect(batches).toBe(300);
		expect(transfers).toBeGreaterThan(10_000);
	}, 120_000);
});
