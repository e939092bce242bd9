/**
 * What the end-to-end run imports into n8n: credentials for the three Gini modes (and the IMAP mailbox) pointing at
 * the emulator, the example workflows as they are, and the few copies the CLI needs to run them.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { DEMO_CLIENTS, type Emulator } from '../../test/emulator/index.cts';
import { SAMPLE_INVOICES, type SampleInvoice } from '../../test/fixtures/invoices.cts';

/** Fixed ids, the ones the example workflows reference, so that the examples import and run unedited. */
export const CREDENTIAL_IDS = {
	basic: 'GiniPayBasicDemo',
	jwt: 'GiniPayJwtDemo01',
	userCenter: 'GiniUserCenterDemo',
	imap: 'GiniExampleImap1',
	smtp: 'GiniExampleSmtp1',
	webhookJwt: 'GiniExDeviceJwt',
} as const;

/**
 * The token hand-off example's webhook verifies a JWT that "your app's backend" signs for the user signed in: a key
 * pair of this run, whose public key the webhook's JWT Auth credential holds.
 */
const APP_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 });

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** A JWT as the app's backend would sign it (RS256); another key makes one the webhook refuses. */
export function appToken(
	claims: Record<string, unknown>,
	privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'] = APP_KEYS.privateKey,
): string {
	const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
	return `${input}.${base64url(sign('sha256', Buffer.from(input), privateKey))}`;
}

/** Claims for `sub`, valid for ten minutes. */
export function userClaims(sub: string): Record<string, unknown> {
	const now = Math.floor(Date.now() / 1000);
	return { sub, iat: now, exp: now + 600 };
}

export type Mode = 'basic' | 'jwt' | 'userCenter';

export const CREDENTIAL_TYPES: Record<Mode, string> = {
	basic: 'giniPayBasicApi',
	jwt: 'giniPayJwtApi',
	userCenter: 'giniUserCenterApi',
};

export const EXAMPLES = {
	email: '01-invoice-ingestion-from-email.json',
	batch: '02-scheduled-batch-upload.json',
	tokenHandOff: '03-token-hand-off.json',
	review: '04-review-and-pay.json',
} as const;

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{
		id: string;
		name: string;
		type: string;
		typeVersion: number;
		position: [number, number];
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		webhookId?: string;
		onError?: string;
	}>;
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	[key: string]: unknown;
}

export interface AnonymousUser {
	email: string;
	password: string;
}

export interface ImapAccount {
	host: string;
	port: number;
	user: string;
	password: string;
}

/** A client that signs its own JWTs: the key stays in n8n's credential, Gini holds only the public key (JWKS). */
export interface JwtClient {
	clientId: string;
	privateKeyPem: string;
	keyId: string;
	issuer: string;
}

/**
 * A new RSA key for this run, registered with the emulator as Gini registers a client's public keys: a JWK set
 * with the key id the JWTs name (docs/gini-api.md §2.2). Nothing committed signs for this client.
 */
export function generatedJwtClient(emulator: Emulator): JwtClient {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const keyId = `e2e-${randomBytes(6).toString('hex')}`;
	const client: JwtClient = {
		clientId: 'e2e-jwt-client',
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		keyId,
		issuer: 'https://idp.e2e.example.test',
	};
	emulator.addClient({
		clientId: client.clientId,
		clientSecret: randomBytes(16).toString('hex'),
		kind: 'derived',
		jwt: {
			issuer: client.issuer,
			jwks: {
				keys: [{ ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' }],
			},
		},
	});
	return client;
}

/** Plain credential data: `import:credentials` encrypts it with the instance key. */
export function credentialsFile(
	emulator: Emulator,
	anonymous: AnonymousUser,
	imap: ImapAccount | undefined,
	jwtClient: JwtClient = {
		clientId: DEMO_CLIENTS.jwt.clientId,
		privateKeyPem: DEMO_CLIENTS.jwt.privateKeyPem,
		keyId: DEMO_CLIENTS.jwt.keyId,
		issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
	},
) {
	const credentials: object[] = [
		{
			id: CREDENTIAL_IDS.basic,
			name: 'Gini Pay (client credentials)',
			type: CREDENTIAL_TYPES.basic,
			data: {
				payApiUrl: emulator.payApiUrl,
				clientId: DEMO_CLIENTS.derived.clientId,
				clientSecret: DEMO_CLIENTS.derived.clientSecret,
				userIdentifier: 'default-user',
			},
		},
		{
			id: CREDENTIAL_IDS.jwt,
			name: 'Gini Pay (JWT)',
			type: CREDENTIAL_TYPES.jwt,
			data: {
				payApiUrl: emulator.payApiUrl,
				jwtSource: 'sign',
				privateKey: jwtClient.privateKeyPem,
				algorithm: 'RS256',
				keyId: jwtClient.keyId,
				issuer: jwtClient.issuer,
				audience: '',
				lifetimeSeconds: 300,
				clientId: jwtClient.clientId,
				clientSecret: '',
				userIdentifier: 'default-user',
				userIdentifierClaim: 'x-user-identifier',
				clientIdClaim: 'x-client-id',
				clientCredentialClaim: 'x-client-secret',
			},
		},
		{
			id: CREDENTIAL_IDS.userCenter,
			name: 'Gini User Center (anonymous users)',
			type: CREDENTIAL_TYPES.userCenter,
			data: {
				payApiUrl: emulator.payApiUrl,
				userCenterUrl: emulator.userCenterUrl,
				clientId: DEMO_CLIENTS.anonymous.clientId,
				clientSecret: DEMO_CLIENTS.anonymous.clientSecret,
				userEmail: anonymous.email,
				userPassword: anonymous.password,
			},
		},
		{
			id: CREDENTIAL_IDS.webhookJwt,
			name: "Your app's token key for the token webhook (JWT Auth)",
			type: 'jwtAuth',
			data: {
				keyType: 'pemKey',
				publicKey: APP_KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
				privateKey: '',
				algorithm: 'RS256',
			},
		},
	];
	if (imap) {
		credentials.push({
			id: CREDENTIAL_IDS.imap,
			name: 'Invoice mailbox (IMAP)',
			type: 'imap',
			data: { ...imap, secure: false, allowUnauthorizedCerts: false },
		});
	}
	return credentials;
}

/** A workflow that runs one node after a Manual Trigger named "Start" (what `n8n execute` can start). */
export function manualWorkflow(
	id: string,
	name: string,
	node: Omit<WorkflowJson['nodes'][number], 'id' | 'position'>,
): WorkflowJson {
	return {
		id,
		name,
		nodes: [
			{
				id: `${id}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ id: `${id}-node`, position: [220, 0], ...node },
		],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

export function loadExample(repoRoot: string, file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(repoRoot, 'examples', file), 'utf8')) as WorkflowJson;
}

function nodeOfType(workflow: WorkflowJson, type: string) {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`${workflow.name} has no ${type} node`);
	return node;
}

/** The production webhook that starts a copy of the batch example. */
export function batchWebhookPath(mode: Mode): string {
	return `gini-e2e-batch-${mode.toLowerCase()}`;
}

/**
 * A copy of the batch example that the test starts when it wants: the Schedule Trigger (which would fire on the
 * hour) becomes a production webhook under the same name. `n8n execute` cannot run the example: the CLI does not
 * load n8n's data-table module ("Attempted to use Data table node but the module is disabled"), so the copies
 * run under `n8n start`. The folder is the run's own, the Gini node uses the given credential mode, and each copy
 * has its own uploads table (the three modes upload the same files). Everything else is the example as shipped.
 */
export function batchVariant(example: WorkflowJson, mode: Mode, folder: string): WorkflowJson {
	const copy = structuredClone(example);
	copy.id = {
		basic: 'GiniE2eBatchBasic',
		jwt: 'GiniE2eBatchJwt',
		userCenter: 'GiniE2eBatchUserCtr',
	}[mode];
	copy.name = `${example.name} (e2e, ${mode})`;
	const trigger = nodeOfType(copy, 'n8n-nodes-base.scheduleTrigger');
	Object.assign(trigger, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: `e2e-batch-${mode}`,
		parameters: {
			httpMethod: 'GET',
			path: batchWebhookPath(mode),
			responseMode: 'onReceived',
			options: {},
		},
	});
	nodeOfType(copy, 'n8n-nodes-base.readWriteFile').parameters.fileSelector = `${folder}/*.pdf`;
	const gini = nodeOfType(copy, 'n8n-nodes-gini-pay.giniPay');
	gini.parameters.authentication = mode;
	gini.credentials = {
		[CREDENTIAL_TYPES[mode]]: { id: CREDENTIAL_IDS[mode], name: `Gini ${mode}` },
	};
	if (mode === 'userCenter') delete gini.parameters.userIdentifier;
	return withUploadsTable(copy, `gini_pay_uploads_e2e_${mode}`);
}

/**
 * The example remembers uploaded files in the data table `gini_pay_uploads`; a copy that must upload the same
 * files again (another credential mode, another user) gets a table of its own.
 */
export function withUploadsTable(workflow: WorkflowJson, table: string): WorkflowJson {
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-base.dataTable') continue;
		if (node.parameters.resource === 'table') node.parameters.tableName = table;
		else node.parameters.dataTableId = { __rl: true, mode: 'name', value: table };
	}
	return workflow;
}

/**
 * The sample invoices Gini reads completely: PDFs with every payment field, as an e-mail or a folder holds them. A
 * credit note states an amount but asks for none: the node's payment fields give it no amount to pay.
 */
export function processableInvoices(): SampleInvoice[] {
	return SAMPLE_INVOICES.filter(
		(sample) =>
			sample.outcome === 'COMPLETED' &&
			sample.expected.businessDocType !== 'CreditNote' &&
			sample.mediaType === 'application/pdf' &&
			sample.expected.iban !== undefined &&
			sample.expected.amountToPay !== undefined,
	);
}

export function fixturePath(repoRoot: string, file: string): string {
	return path.join(repoRoot, 'test', 'fixtures', 'files', file);
}

/** `3896.66:EUR` → 3896.66 */
export function amountOf(sample: SampleInvoice): number {
	return Number((sample.expected.amountToPay ?? '').split(':')[0]);
}

/** A credit note: money owed to the user, so the node's `amount` is null and its `note` names the sum. */
export function isCreditNote(sample: SampleInvoice): boolean {
	return sample.expected.businessDocType === 'CreditNote' || sample.expected.creditNote === 'true';
}

/** What the node's simplified `amount` holds for the sample: nothing to pay for a credit note. */
export function payableAmountOf(sample: SampleInvoice): number {
	return isCreditNote(sample) ? 0 : amountOf(sample);
}

/** Creates an anonymous user through the emulator's User Center (docs/gini-api.md §3.1, §3.4), as an app would. */
export async function createAnonymousUser(
	emulator: Emulator,
	email: string,
): Promise<AnonymousUser> {
	const { clientId, clientSecret } = DEMO_CLIENTS.anonymous;
	const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
	const tokenResponse = await fetch(
		`${emulator.userCenterUrl}/oauth/token?grant_type=client_credentials`,
		{
			method: 'POST',
			headers: { Authorization: basic, Accept: 'application/json' },
		},
	);
	const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
	const password = `e2e-${Date.now().toString(36)}-password`;
	const created = await fetch(`${emulator.userCenterUrl}/api/users`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ email, password }),
	});
	if (created.status !== 201)
		throw new Error(`creating ${email} in the User Center: HTTP ${created.status}`);
	return { email, password };
}
