/**
 * Rounds of the payment QR code's property test: random payments (umlauts and other multibyte characters, maximal
 * lengths, random valid IBANs of SEPA countries, amounts from 0.01 to 999999999.99) become payloads, each checked
 * field by field against EPC069-12, and QR images, each read back by zbarimg to exactly the payload's bytes: the PNG
 * as the package writes it, the SVG as librsvg renders it. epcQr.property.test.cts runs a few hundred,
 * epcQr.soak.test.cts thousands.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import fc from 'fast-check';

import {
	EpcQrError,
	epcPayload,
	epcQrCode,
	MAX_CENTS,
	type EpcPayment,
} from '../../nodes/GiniPay/shared/payments/epcQr';
import { mod97 } from '../../nodes/GiniPay/shared/payments/iban';

import {
	arbitraryIban,
	eachLimited,
	toolsAvailable,
	renderSvg,
	zbarDecode,
} from './paymentOracles.cts';

/** Letters of German and other SEPA languages, € and an emoji (3 and 4 bytes in UTF-8), ASCII. */
const CHARACTERS = [
	...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
	...'äöüÄÖÜßéèçñøåłőřžÆ€💶',
	..." &-.,/+'():?",
];

function text(maxLength: number): fc.Arbitrary<string> {
	const character = fc.constantFrom(...CHARACTERS);
	const any = fc.array(character, { minLength: 1, maxLength }).map((chars) => chars.join(''));
	const longest = fc
		.array(character, { minLength: maxLength, maxLength })
		.map((chars) => chars.join(''));
	// Non-blank (a blank field is "not given"); every third one of the maximal length.
	return fc
		.oneof({ arbitrary: any, weight: 2 }, { arbitrary: longest, weight: 1 })
		.filter((value) => value.trim() !== '');
}

/** A valid ISO 11649 creditor reference with `body` (1 to 21 letters or digits). */
function rfReference(body: string): string {
	const check = 98 - mod97(`${body}RF00`);
	return `RF${String(check).padStart(2, '0')}${body}`;
}

const BIC = fc
	.tuple(
		fc.stringMatching(/^[A-Z]{4}$/),
		fc.constantFrom('DE', 'AT', 'FR', 'NL', 'IT', 'ES', 'BE'),
		fc.stringMatching(/^[A-Z0-9]{2}$/),
		fc.option(fc.stringMatching(/^[A-Z0-9]{3}$/), { nil: '' }),
	)
	.map((parts) => parts.join(''));

const CENTS = fc.oneof(
	fc.bigInt({ min: 1n, max: MAX_CENTS }),
	fc.constantFrom(1n, 10n, 99n, 100n, MAX_CENTS),
	fc.bigInt({ min: 1n, max: 100_000n }),
);

const PAYMENT: fc.Arbitrary<EpcPayment> = fc
	.record({
		name: text(70),
		iban: arbitraryIban,
		bic: fc.option(BIC, { nil: undefined }),
		oldVersion: fc.boolean(),
		cents: fc.option(CENTS, { nil: undefined }),
		centsAsText: fc.boolean(),
		purpose: fc.option(fc.constantFrom('GDDS', 'SUPP', 'CHAR', 'RENT', 'SALA'), { nil: undefined }),
		remittance: fc.oneof(
			fc.constant(undefined),
			fc
				.stringMatching(/^[A-Z0-9]{1,21}$/)
				.map((body) => ({ creditorReference: rfReference(body) })),
			text(140).map((remittanceText) => ({ remittanceText })),
		),
		information: fc.option(text(70), { nil: undefined }),
	})
	.map(({ bic, oldVersion, cents, centsAsText, remittance, ...rest }) => {
		const payment: EpcPayment = {
			...rest,
			...remittance,
			bic,
			version: bic && oldVersion ? '001' : '002',
		};
		if (cents !== undefined) {
			if (centsAsText) payment.amount = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
			else payment.amountCents = cents;
		}
		return fitted(payment);
	});

/** The payment, its longest texts cut a character at a time until the payload is within 331 bytes. */
function fitted(payment: EpcPayment): EpcPayment {
	for (;;) {
		try {
			epcPayload(payment);
			return payment;
		} catch (error) {
			if (!(error instanceof EpcQrError) || error.problem !== 'payloadTooLong') throw error;
		}
		const fields = (['remittanceText', 'name', 'information'] as const).filter(
			(field) => [...(payment[field]?.trim() ?? '')].length > 1,
		);
		const longest = fields.reduce((a, b) =>
			[...(payment[a] ?? '')].length >= [...(payment[b] ?? '')].length ? a : b,
		);
		payment[longest] = [...(payment[longest] ?? '')].slice(0, -1).join('');
	}
}

/** The payload read back line by line against the payment, as EPC069-12 lays it out. */
function expectFields(payment: EpcPayment, payload: string): void {
	const lines = payload.split('\n');
	const cents =
		payment.amountCents ??
		(payment.amount === undefined ? undefined : BigInt(String(payment.amount).replace('.', '')));
	const expected = [
		'BCD',
		payment.version,
		'1',
		'SCT',
		payment.bic ?? '',
		payment.name.trim(),
		payment.iban,
		cents === undefined
			? ''
			: `EUR${BigInt(cents) / 100n}.${String(BigInt(cents) % 100n).padStart(2, '0')}`,
		payment.purpose ?? '',
		payment.creditorReference ?? '',
		payment.remittanceText?.trim() ?? '',
		payment.information?.trim() ?? '',
	];
	while (expected[expected.length - 1] === '') expected.pop();
	expect(lines).toEqual(expected);
	expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(331);
}

export interface RoundsResult {
	/** Payments whose payload zbarimg read exactly from the PNG. */
	decodedPng: number;
	/** Payments whose payload zbarimg read exactly from the SVG rendered by librsvg. */
	decodedSvg: number;
	versions: Map<number, number>;
	longestPayload: number;
}

interface Image {
	file: string;
	payload: Buffer;
	payment: EpcPayment;
}

const BATCH = 25;

/** Reads images in batches, one zbarimg for each; a batch that does not read back names the image that did not. */
async function decodeAll(images: Image[]): Promise<number> {
	const batches: Image[][] = [];
	for (let i = 0; i < images.length; i += BATCH) batches.push(images.slice(i, i + BATCH));
	let decoded = 0;
	await eachLimited(batches, 2, async (batch) => {
		const read = await zbarDecode(batch.map((image) => image.file));
		if (read.equals(Buffer.concat(batch.map((image) => image.payload)))) {
			decoded += batch.length;
			return;
		}
		for (const { file, payload, payment } of batch) {
			const alone = await zbarDecode([file]);
			if (!alone.equals(payload)) {
				throw new Error(
					`${path.basename(file)} of ${JSON.stringify(payment, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))}: ` +
						`zbarimg read ${JSON.stringify(alone.toString('utf8'))}, not ${JSON.stringify(payload.toString('utf8'))}`,
				);
			}
		}
		throw new Error('a batch did not read back, but each of its images did alone');
	});
	return decoded;
}

/**
 * Runs `runs` random payments through payload and images, each image read back by zbarimg; fails on the first
 * mismatch. Every payment's PNG is read; every `svgEvery`-th payment's SVG too, rendered by librsvg.
 */
export async function runRounds(runs: number, seed: number, svgEvery = 1): Promise<RoundsResult> {
	const missing = toolsAvailable();
	if (missing) throw new Error(missing);
	const payments = fc.sample(PAYMENT, { numRuns: runs, seed });
	const directory = await mkdtemp(path.join(os.tmpdir(), 'epc-qr-'));
	const result: RoundsResult = {
		decodedPng: 0,
		decodedSvg: 0,
		versions: new Map(),
		longestPayload: 0,
	};
	const pngs: Image[] = [];
	const svgs: Image[] = [];
	try {
		await eachLimited(payments, 2, async (payment, index) => {
			const scale = [2, 3, 4, 6][index % 4];
			const code = epcQrCode(payment, { scale });
			expectFields(payment, code.payload);
			const payload = Buffer.from(code.payload, 'utf8');
			const file = path.join(directory, `${index}.png`);
			await writeFile(file, code.png);
			pngs[index] = { file, payload, payment };
			if (index % svgEvery === 0) {
				svgs[index / svgEvery] = {
					file: await renderSvg(code.svg, directory, String(index)),
					payload,
					payment,
				};
			}
			result.versions.set(code.symbol.version, (result.versions.get(code.symbol.version) ?? 0) + 1);
			result.longestPayload = Math.max(result.longestPayload, payload.length);
		});
		result.decodedPng = await decodeAll(pngs);
		result.decodedSvg = await decodeAll(svgs);
	} finally {
		await rm(directory, { recursive: true, force: true });
	}
	return result;
}
