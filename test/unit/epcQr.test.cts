/**
 * The EPC069-12 payload (nodes/GiniPay/shared/payments/epcQr.ts), field by field: each rule of the guidelines, its
 * boundaries, and the class of each refusal.
 */
import {
	EpcQrError,
	epcPayload,
	epcQrCode,
	isCreditorReference,
	type EpcPayment,
	type EpcQrProblem,
} from '../../nodes/GiniPay/shared/payments/epcQr';

const BASE: EpcPayment = { name: 'Muster GmbH', iban: 'DE89370400440532013000' };

function refusal(payment: EpcPayment): { field: string; problem: EpcQrProblem; message: string } {
	try {
		epcPayload(payment);
	} catch (error) {
		expect(error).toBeInstanceOf(EpcQrError);
		const { field, problem, message } = error as EpcQrError;
		return { field, problem, message };
	}
	throw new Error('the payment was not refused');
}

const lines = (payment: EpcPayment) => epcPayload(payment).split('\n');

describe('epcPayload', () => {
	it('writes the twelve fields in order, separated by LF, in version 002 with character set 1 (UTF-8)', () => {
		expect(
			epcPayload({
				name: 'Müller & Söhne GmbH',
				iban: 'DE89 3704 0044 0532 0130 00',
				bic: 'cobadeffxxx',
				amount: '1234.5',
				purpose: 'GDDS',
				remittanceText: 'Rechnung 2026-117, Kunde 4711',
				information: 'Danke für Ihren Einkauf',
			}),
		).toBe(
			[
				'BCD',
				'002',
				'1',
				'SCT',
				'COBADEFFXXX',
				'Müller & Söhne GmbH',
				'DE89370400440532013000',
				'EUR1234.50',
				'GDDS',
				'',
				'Rechnung 2026-117, Kunde 4711',
				'Danke für Ihren Einkauf',
			].join('\n'),
		);
	});

	it('leaves out the empty optional lines at the end, and only those', () => {
		expect(epcPayload(BASE)).toBe('BCD\n002\n1\nSCT\n\nMuster GmbH\nDE89370400440532013000');
		expect(lines({ ...BASE, amount: '5' })).toHaveLength(8);
		expect(lines({ ...BASE, purpose: 'CHAR' })).toEqual([
			'BCD',
			'002',
			'1',
			'SCT',
			'',
			'Muster GmbH',
			'DE89370400440532013000',
			'',
			'CHAR',
		]);
		expect(lines({ ...BASE, creditorReference: 'RF18 5390 0754 7034' })).toEqual([
			'BCD',
			'002',
			'1',
			'SCT',
			'',
			'Muster GmbH',
			'DE89370400440532013000',
			'',
			'',
			'RF18539007547034',
		]);
		expect(lines({ ...BASE, information: 'Hallo' })).toEqual([
			'BCD',
			'002',
			'1',
			'SCT',
			'',
			'Muster GmbH',
			'DE89370400440532013000',
			'',
			'',
			'',
			'',
			'Hallo',
		]);
		expect(epcPayload(BASE).endsWith('\n')).toBe(false);
	});

	it('writes version 001 with the BIC, and refuses 001 without it', () => {
		expect(lines({ ...BASE, version: '001', bic: 'DEUTDEFF' }).slice(0, 5)).toEqual([
			'BCD',
			'001',
			'1',
			'SCT',
			'DEUTDEFF',
		]);
		expect(refusal({ ...BASE, version: '001' })).toMatchObject({
			field: 'bic',
			problem: 'bicRequired',
		});
		expect(refusal({ ...BASE, version: '003' as '002' })).toMatchObject({
			problem: 'invalidVersion',
		});
	});

	describe('amount', () => {
		it.each([
			['0.01', 'EUR0.01'],
			['0.1', 'EUR0.10'],
			['1', 'EUR1.00'],
			['12.34', 'EUR12.34'],
			['007.50', 'EUR7.50'],
			[' 99.9 ', 'EUR99.90'],
			['999999999.99', 'EUR999999999.99'],
			[24.99, 'EUR24.99'],
			[0.3, 'EUR0.30'],
			[100, 'EUR100.00'],
			[999999999.99, 'EUR999999999.99'],
		])('%j is written %s', (amount, line) => {
			expect(lines({ ...BASE, amount })[7]).toBe(line);
		});

		it.each([
			[1, 'EUR0.01'],
			[1234, 'EUR12.34'],
			[99_999_999_999, 'EUR999999999.99'],
			[5n, 'EUR0.05'],
		])('%j cents are written %s', (amountCents, line) => {
			expect(lines({ ...BASE, amountCents })[7]).toBe(line);
		});

		it.each([
			['0', 'amountOutOfRange'],
			['0.00', 'amountOutOfRange'],
			['1000000000', 'amountOutOfRange'],
			['999999999.991', 'invalidAmount'],
			['12.345', 'invalidAmount'],
			['12,34', 'invalidAmount'],
			['-5', 'invalidAmount'],
			['1e3', 'invalidAmount'],
			['EUR12', 'invalidAmount'],
			['12.', 'invalidAmount'],
			[0.001, 'invalidAmount'],
			[1e21, 'invalidAmount'],
			[Number.NaN, 'invalidAmount'],
			[-1, 'invalidAmount'],
		])('%j is refused (%s)', (amount, problem) => {
			expect(refusal({ ...BASE, amount })).toMatchObject({ field: 'amount', problem });
		});

		it.each([
			[0, 'amountOutOfRange'],
			[100_000_000_000, 'amountOutOfRange'],
			[-1, 'amountOutOfRange'],
			[1.5, 'invalidAmount'],
		])('%j cents are refused (%s)', (amountCents, problem) => {
			expect(refusal({ ...BASE, amountCents })).toMatchObject({ field: 'amountCents', problem });
		});

		it('refuses an amount in euros and one in cents together, and leaves the line empty without either', () => {
			expect(refusal({ ...BASE, amount: '1', amountCents: 100 })).toMatchObject({
				problem: 'bothAmounts',
			});
			expect(lines({ ...BASE, amount: null, purpose: 'GDDS' })[7]).toBe('');
			expect(lines({ ...BASE, amount: '  ', purpose: 'GDDS' })[7]).toBe('');
		});
	});

	describe('text lengths in characters (umlauts count once)', () => {
		it.each([
			['name', 70, 6],
			['remittanceText', 140, 11],
			['information', 70, 12],
		] as const)('%s: %d characters are kept, one more is refused', (field, max, line) => {
			const longest = 'ä'.repeat(20) + 'a'.repeat(max - 20);
			expect(lines({ ...BASE, [field]: longest })[line - 1]).toBe(longest);
			expect(refusal({ ...BASE, [field]: `${longest}b` })).toMatchObject({
				field,
				problem: 'tooLong',
			});
		});

		it('the creditor reference: 35 characters at most, and ISO 11649’s 25 within them', () => {
			expect(refusal({ ...BASE, creditorReference: `RF18${'5'.repeat(32)}` })).toMatchObject({
				field: 'creditorReference',
				problem: 'tooLong',
			});
			expect(refusal({ ...BASE, creditorReference: `RF18${'5'.repeat(22)}` })).toMatchObject({
				problem: 'invalidReference',
			});
		});

		it('trims and refuses empty or control characters', () => {
			expect(lines({ ...BASE, name: '  Muster GmbH \t' })[5]).toBe('Muster GmbH');
			expect(refusal({ ...BASE, name: '   ' })).toMatchObject({
				field: 'name',
				problem: 'missing',
			});
			expect(refusal({ ...BASE, name: 'Muster\nGmbH' })).toMatchObject({
				problem: 'invalidCharacter',
			});
			expect(refusal({ ...BASE, remittanceText: 'a\r\nb' })).toMatchObject({
				problem: 'invalidCharacter',
			});
			expect(refusal({ ...BASE, information: 'a\u0085b' })).toMatchObject({
				problem: 'invalidCharacter',
			});
			expect(refusal({ ...BASE, name: 'a\ud800b' })).toMatchObject({ problem: 'invalidCharacter' });
			expect(lines({ ...BASE, name: 'Emoji 💶 GmbH' })[5]).toBe('Emoji 💶 GmbH');
		});
	});

	describe('the 331-byte limit, in UTF-8 bytes', () => {
		// Fixed lines: BCD 002 1 SCT, empty BIC, IBAN of 22, EUR1.00, empty purpose, empty reference: 3+3+1+3+0+22+7+0+0
		// = 39 bytes and 10 line feeds before the remittance text; the name and the text fill the rest.
		const payment = (nameBytes: number, textUmlauts: number, textAscii: number): EpcPayment => ({
			...BASE,
			name: 'ü'.repeat(Math.floor(nameBytes / 2)) + 'x'.repeat(nameBytes % 2),
			amount: '1',
			remittanceText: 'ö'.repeat(textUmlauts) + 'y'.repeat(textAscii),
		});

		it('takes 331 bytes and refuses 332', () => {
			// 39 + 10 + name 140 bytes (70 umlauts) + text 142 bytes (71 umlauts ... ) = 331
			const longest = payment(140, 71, 0);
			expect(Buffer.byteLength(epcPayload(longest))).toBe(331);
			expect(refusal(payment(140, 71, 1))).toMatchObject({
				field: 'payload',
				problem: 'payloadTooLong',
			});
			expect(refusal(payment(140, 71, 1)).message).toContain('332 bytes');
		});

		it('counts an umlaut as two bytes: 140 umlauts of text fit beside a name of one umlaut, not of two', () => {
			expect(Buffer.byteLength(epcPayload(payment(2, 140, 0)))).toBe(331);
			expect(refusal(payment(4, 140, 0))).toMatchObject({ problem: 'payloadTooLong' });
			expect(refusal(payment(4, 140, 0)).message).toContain('333 bytes');
		});
	});

	describe('IBAN, BIC, purpose, remittance', () => {
		it.each([
			['DE88370400440532013000', 'check digits'],
			['US89370400440532013000', 'SEPA'],
			['', 'empty'],
		])('refuses the IBAN %j (%s)', (iban, words) => {
			const { field, problem, message } = refusal({ ...BASE, iban });
			expect({ field, problem }).toEqual({ field: 'iban', problem: 'invalidIban' });
			expect(message).toContain(words);
		});

		it('refuses a BIC of a wrong form, and takes an empty one as none', () => {
			expect(refusal({ ...BASE, bic: 'DEUTDEF' })).toMatchObject({
				field: 'bic',
				problem: 'invalidBic',
			});
			expect(lines({ ...BASE, bic: '', amount: '1' })[4]).toBe('');
		});

		it.each(['GDD', 'GDDSX', 'gdds', 'GD1S'])('refuses the purpose code %j', (purpose) => {
			expect(refusal({ ...BASE, purpose })).toMatchObject({
				field: 'purpose',
				problem: 'invalidPurpose',
			});
		});

		it('takes a valid ISO 11649 reference and refuses a wrong check digit or form', () => {
			expect(lines({ ...BASE, creditorReference: 'rf18 5390 0754 7034' })[9]).toBe(
				'RF18539007547034',
			);
			expect(refusal({ ...BASE, creditorReference: 'RF19539007547034' })).toMatchObject({
				field: 'creditorReference',
				problem: 'invalidReference',
				message: expect.stringContaining('check digits') as string,
			});
			expect(refusal({ ...BASE, creditorReference: 'RF18-5390' })).toMatchObject({
				problem: 'invalidReference',
			});
			expect(refusal({ ...BASE, creditorReference: '12345' })).toMatchObject({
				problem: 'invalidReference',
			});
		});

		it('tells an ISO 11649 reference from an invoice number', () => {
			expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
			expect(isCreditorReference('rf18539007547034')).toBe(true);
			expect(isCreditorReference('RF19539007547034')).toBe(false);
			expect(isCreditorReference('Rechnung 2026-117')).toBe(false);
			expect(isCreditorReference('RF18')).toBe(false);
		});

		it('refuses structured and unstructured remittance together', () => {
			expect(
				refusal({ ...BASE, creditorReference: 'RF18539007547034', remittanceText: 'Rechnung 1' }),
			).toMatchObject({ problem: 'bothRemittances' });
		});
	});
});

describe('epcQrCode', () => {
	it('gives the payload, a symbol of level M within version 13, an SVG of one path and a PNG', () => {
		const code = epcQrCode(
			{ ...BASE, amount: '24.99', remittanceText: 'Rechnung 4711' },
			{ scale: 4 },
		);
		expect(code.payload).toBe(
			epcPayload({ ...BASE, amount: '24.99', remittanceText: 'Rechnung 4711' }),
		);
		expect(code.symbol.version).toBeLessThanOrEqual(13);
		expect(code.svg.match(/<path /g)).toHaveLength(1);
		expect(code.svg).toContain(`viewBox="0 0 ${code.symbol.size + 8} ${code.symbol.size + 8}"`);
		expect(code.png.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		expect(code.png.readUInt32BE(16)).toBe((code.symbol.size + 8) * 4);
	});

	it('refuses like epcPayload', () => {
		expect(() => epcQrCode({ ...BASE, amount: '0' })).toThrow(EpcQrError);
	});
});
