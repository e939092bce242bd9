/**
 * The runner behind badInput.test.cts and its case tables (this folder): each case runs twice in n8n's engine against the emulator, as three items of
 * which the bad ones are listed in `failing` (item 1 unless said otherwise): with Continue On Fail every item must
 * come out, in order, the bad ones as error items and the good ones processed; without it the node must fail with
 * the expected error class and message, naming the first bad item.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';

import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import { DEMO_CLIENTS, loadJose, type Emulator } from '../../emulator/index.cts';
import { buildTextPdf } from '../../fixtures/pdf.cts';
import { binaryItem } from '../../harness/index.cts';
import {
	outputJson,
	resetTokenCache,
	runGini,
	userCenterCredential,
	type GiniTestbed,
	type Mode,
	type UseGiniOptions,
} from '../gini.cts';

export const upload = {
	resource: 'document',
	operation: 'upload',
	waitForExtractions: false,
	binaryPropertyName: 'data',
};
/** A parameter read from the item's JSON, so that one item can carry the bad value. */
export const byJson = (name: string) => `={{ $json.${name} }}`;

export const USER = 'bad-input-user';
export const ANONYMOUS = { email: 'bad-input@app.example.org', password: 'bad-input-password' };

export interface Fixture {
	gini: Emulator;
	/** A processed document of USER (Basic and JWT modes share derived users of different clients: Basic only). */
	documentId: string;
	paymentRequestId: string;
	/** An open payment request, new on each call. */
	openPaymentRequest(): string;
	/** ANONYMOUS's User Center ID. */
	userId: string;
	/** A valid static JWT for USER, signed with the demo JWT client's key. */
	staticJwt: string;
	credential: Record<
		Mode,
		(data?: ICredentialDataDecryptedObject) => ICredentialDataDecryptedObject
	>;
}

/** The options of badInput.test.cts's `useGini`: Basic and JWT credentials act for USER. */
export const BAD_INPUT: UseGiniOptions = { userIdentifier: USER };

/** Creates ANONYMOUS, a processed document of USER and an open payment request in the file's emulator. */
export async function seedFixture(gini: GiniTestbed): Promise<Fixture> {
	const credential: Fixture['credential'] = {
		basic: (data = {}) => gini.credential('basic', data),
		jwt: (data = {}) => gini.credential('jwt', data),
		userCenter: (data = {}) =>
			gini.credential('userCenter', {
				userEmail: ANONYMOUS.email,
				userPassword: ANONYMOUS.password,
				...data,
			}),
	};
	const [user] = outputJson(
		await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: { resource: 'user', operation: 'create', ...ANONYMOUS },
		}),
	);
	const [document] = outputJson(
		await runGini({
			mode: 'basic',
			credential: credential.basic(),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
			},
			items: [await pdfItem('fixture')],
		}),
	);
	const openPaymentRequest = () =>
		gini.seedPaymentRequest({
			iban: 'DE89370400440532013000',
			amount: '12.34:EUR',
			purpose: 'RE-1',
			recipient: 'Müller Haustechnik GmbH',
		});
	return {
		gini,
		documentId: String(document.documentId),
		paymentRequestId: openPaymentRequest(),
		openPaymentRequest,
		userId: String(user.id),
		staticJwt: await signStaticJwt(),
		credential,
	};
}

async function signStaticJwt(): Promise<string> {
	const { SignJWT } = loadJose();
	return await new SignJWT({ 'x-user-identifier': USER, 'x-client-id': DEMO_CLIENTS.jwt.clientId })
		.setProtectedHeader({ alg: 'RS256', kid: DEMO_CLIENTS.jwt.keyId })
		.setIssuer(DEMO_CLIENTS.jwt.jwt!.issuer)
		.setIssuedAt()
		.setExpirationTime('10 minutes')
		.sign(createPrivateKey(DEMO_CLIENTS.jwt.privateKeyPem));
}

let pdfCounter = 0;

/** An item with a distinct small PDF under `property` (default `data`). */
export async function pdfItem(label: string, json: IDataObject = {}, property = 'data') {
	const bytes = await buildTextPdf([[`# Rechnung ${label}`, `Nummer\t${++pdfCounter}`]]);
	return await binaryItem(bytes, `${label}.pdf`, 'application/pdf', json, property);
}

/** Three items with `json` each, item 1's replaced by `bad`. */
export function jsonItems(good: IDataObject, bad: IDataObject): INodeExecutionData[] {
	return [{ json: good }, { json: bad }, { json: good }];
}

/** Three PDF items; item 1 is `bad`. */
export async function withBadItem(
	bad: INodeExecutionData,
	good: IDataObject = {},
): Promise<INodeExecutionData[]> {
	return [await pdfItem('good-0', good), bad, await pdfItem('good-2', good)];
}

export function pemOfWrongType(): string {
	const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A JWT-shaped token (unsigned signature part) with the given claims, for the checks made before sending. */
export function jwtWith(claims: IDataObject): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'RS256', typ: 'JWT', kid: DEMO_CLIENTS.jwt.keyId })}.${part(claims)}.c2ln`;
}

export interface BadInputCase {
	name: string;
	mode?: Mode;
	credential?: (fixture: Fixture) => ICredentialDataDecryptedObject;
	parameters: INodeParameters | ((fixture: Fixture) => INodeParameters);
	items: (fixture: Fixture) => INodeExecutionData[] | Promise<INodeExecutionData[]>;
	error: 'operation' | 'api';
	message: string | RegExp;
	/** The bad items; default [1]. */
	failing?: number[];
	/** Checked after both runs. */
	afterwards?: (fixture: Fixture) => void;
}

const ERROR_CLASS = { operation: NodeOperationError, api: NodeApiError };

export async function expectRefused(fixture: Fixture, bad: BadInputCase): Promise<void> {
	const mode = bad.mode ?? 'basic';
	const failing = bad.failing ?? [1];
	const run = async (continueOnFail: boolean) => {
		resetTokenCache();
		return await runGini({
			mode,
			credential: bad.credential ? bad.credential(fixture) : fixture.credential[mode](),
			parameters: typeof bad.parameters === 'function' ? bad.parameters(fixture) : bad.parameters,
			items: await bad.items(fixture),
			continueOnFail,
		});
	};

	const tolerant = await run(true);
	expect(tolerant.error).toBeUndefined();
	const out = tolerant.output('Gini Pay');
	expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	out.forEach((item, index) => {
		if (failing.includes(index)) expect(item.json.error).toMatch(bad.message);
		else expect(item.json).not.toHaveProperty('error');
	});

	const strict = await run(false);
	expect(strict.error).toBeInstanceOf(ERROR_CLASS[bad.error]);
	const error = strict.error as NodeOperationError | NodeApiError;
	expect(error.message).toMatch(bad.message);
	expect(error.context.itemIndex).toBe(failing[0]);
	bad.afterwards?.(fixture);
}
