/**
 * What the end-to-end run imports into n8n: credentials for the three Gini modes (and the IMAP mailbox) pointing at
 * the emulator, the example workflows as they are, and the few copies the CLI needs to run them.
 */
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
} as const;

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

/** Plain credential data: `import:credentials` encrypts it with the instance key. */
export function credentialsFile(
	emulator: Emulator,
	anonymous: AnonymousUser,
	imap: ImapAccount | undefined,
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
				privateKey: DEMO_CLIENTS.jwt.privateKeyPem,
				algorithm: DEMO_CLIENTS.jwt.algorithm,
				keyId: DEMO_CLIENTS.jwt.keyId,
				issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
				audience: '',
				lifetimeSeconds: 300,
				clientId: DEMO_CLIENTS.jwt.clientId,
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

export function loadExample(repoRoot: string, file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(repoRoot, 'examples', file), 'utf8')) as WorkflowJson;
}

function nodeOfType(workflow: WorkflowJson, type: string) {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`${workflow.name} has no ${type} node`);
	return node;
}

/**
 * A copy of the batch example the CLI can run: `n8n execute` starts only at a Manual Trigger (n8n's
 * STARTING_NODES), so the Schedule Trigger becomes one under the same name. The folder is the run's own, and the
 * Gini node uses the given credential mode. Everything else is the example as shipped.
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
	Object.assign(trigger, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	nodeOfType(copy, 'n8n-nodes-base.readWriteFile').parameters.fileSelector = `${folder}/*.pdf`;
	const gini = nodeOfType(copy, 'n8n-nodes-gini-pay.giniPay');
	gini.parameters.authentication = mode;
	gini.credentials = {
		[CREDENTIAL_TYPES[mode]]: { id: CREDENTIAL_IDS[mode], name: `Gini ${mode}` },
	};
	if (mode === 'userCenter') delete gini.parameters.userIdentifier;
	return copy;
}

/** The sample invoices Gini reads completely: PDFs with every payment field, as an e-mail or a folder holds them. */
export function processableInvoices(): SampleInvoice[] {
	return SAMPLE_INVOICES.filter(
		(sample) =>
			sample.outcome === 'COMPLETED' &&
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

/** A credit note: money owed to the user, so the node's simplified `amount` is null and the sum is `creditAmount`. */
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
