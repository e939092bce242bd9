/**
 * `npm run demo`: the main job on the embedded emulator. Sample invoices (PDF, text, XML e-invoices, ZUGFeRD) go through the Gini Pay node inside n8n's
 * engine (Upload with Wait for Extractions → Get Many), first for a derived user with client credentials, then for a derived user whose
 * requests carry JWTs signed with a key made for this run (the emulator holds only its public key, as a JWK set, as Gini does), then for an
 * anonymous user created through the User Center, and the emulator's counters show how many tokens were acquired. It ends
 * with the payment: the first user's invoices become one SEPA credit transfer file and a GiroCode image per payable
 * invoice (Payment File), written to demo-output/ in the repository, which is kept after the demo.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { GiniPay } from '../nodes/GiniPay/GiniPay.node.ts';
import { startEmulator } from '../test/emulator/index.cts';
import { loadFixture, SAMPLE_E_INVOICES } from '../test/fixtures/invoices.cts';
import { binaryItem, runWorkflow } from '../test/harness/index.cts';
import {
	basicCredential,
	credentialTypes,
	jwtCredential,
	goodInvoices,
	userCenterCredential,
	type Mode,
	CREDENTIAL_TYPE,
} from '../test/integration/gini.cts';

function giniNode(
	name: string,
	mode: Mode,
	parameters: IDataObject,
	position: [number, number],
): INode {
	const type = CREDENTIAL_TYPE[mode];
	return {
		id: name,
		name,
		type: 'n8n-nodes-gini-pay.giniPay',
		typeVersion: 1,
		position,
		parameters: { authentication: mode, ...parameters },
		credentials: { [type]: { id: `${type}-demo`, name: `Gini ${mode}` } },
	} as INode;
}

async function ingest(
	mode: Mode,
	credential: ICredentialDataDecryptedObject,
	label: string,
): Promise<INodeExecutionData[]> {
	const items = await Promise.all(
		// The e-invoices too: XRechnung XML (UBL and CII, uploaded as partial+xml and a composite) and a ZUGFeRD PDF.
		[...goodInvoices(), ...SAMPLE_E_INVOICES].map(
			async (sample) => await binaryItem(loadFixture(sample.file), sample.file, sample.mediaType),
		),
	);
	const upload = giniNode(
		'Upload invoice',
		mode,
		{
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data',
			waitForExtractions: true,
			timeout: 30,
		},
		[0, 0],
	);
	const list = {
		...giniNode(
			'List documents',
			mode,
			{ resource: 'document', operation: 'getAll', returnAll: true },
			[250, 0],
		),
		executeOnce: true,
	};
	const result = await runWorkflow({
		nodeTypes: [new GiniPay()],
		credentialTypes,
		credentials: [
			{
				type: CREDENTIAL_TYPE[mode],
				id: `${CREDENTIAL_TYPE[mode]}-demo`,
				name: `Gini ${mode}`,
				data: credential,
			},
		],
		workflow: {
			nodes: [upload, list],
			connections: {
				'Upload invoice': { main: [[{ node: 'List documents', type: 'main', index: 0 }]] },
			},
		},
		inputItems: items,
	});
	if (result.error) throw result.error;
	const uploaded = result.output('Upload invoice').map((item) => item.json);
	const listed = result.output('List documents').map((item) => item.json);
	console.log(`\n${label}`);
	console.table(
		uploaded.map((fields: IDataObject) => {
			return {
				file: fields.fileName,
				iban: fields.iban,
				amount:
					fields.amount === null ? null : `${Number(fields.amount).toFixed(2)} ${fields.currency}`,
				recipient: fields.recipient,
				payable: fields.payable,
				note: fields.note,
				reference: fields.reference,
			};
		}),
	);
	console.log(`  Get Many returned ${listed.length} document(s) for this user.`);
	return result.output('Upload invoice').map(({ json }) => ({ json }));
}

/** Where the demo writes the payment files; git-ignored, kept after the demo. */
const OUTPUT_FOLDER = path.resolve(__dirname, '..', 'demo-output');

/**
 * The invoices uploaded become one SEPA credit transfer file (the ones that cannot be paid left out and listed) and
 * a GiroCode per payable invoice, with the Payment File operations in n8n's engine; written to OUTPUT_FOLDER.
 */
async function pay(invoices: INodeExecutionData[]) {
	const paymentNode = (name: string, parameters: IDataObject, x: number): INode => ({
		id: name,
		name,
		type: 'n8n-nodes-gini-pay.giniPay',
		typeVersion: 1.1,
		position: [x, 0],
		parameters: { resource: 'paymentFile', ...parameters },
	});
	// Each node in its own run, on all the invoices (no credential: the Payment File operations need none).
	const run = async (node: INode) => {
		const result = await runWorkflow({
			nodeTypes: [new GiniPay()],
			credentialTypes,
			workflow: { nodes: [node], connections: {} },
			inputItems: invoices,
		});
		if (result.error) throw result.error;
		return result.output(node.name);
	};
	const [file] = await run(
		paymentNode(
			'SEPA file',
			{
				operation: 'createSepaCreditTransfer',
				debtorName: 'Gärtnerei Grünwald GmbH',
				debtorIban: 'DE89370400440532013000',
				debtorBic: 'COBADEFFXXX',
				options: { leaveOutUnpayable: true },
			},
			0,
		),
	);
	await mkdir(OUTPUT_FOLDER, { recursive: true });
	const written: string[] = [];
	const save = async (item: INodeExecutionData) => {
		const binary = item.binary?.data;
		if (!binary?.fileName) return;
		const target = path.join(OUTPUT_FOLDER, binary.fileName);
		await writeFile(target, Buffer.from(binary.data, 'base64'));
		written.push(target);
	};
	await save(file);
	console.log('\n4. Payment File: the invoices of step 1 as a SEPA credit transfer and GiroCodes');
	const { messageId, numberOfTransactions, controlSum, executionDate, version, leftOut } =
		file.json;
	console.table({ messageId, numberOfTransactions, controlSum, executionDate, version });
	for (const { item, reason } of leftOut as Array<{ item: number; reason: string }>)
		console.log(`  Left out: ${String(invoices[item].json.fileName)}: ${reason}`);
	const codes = await run({
		...paymentNode('GiroCode', { operation: 'createGiroCode', imageFormat: 'svg' }, 250),
		continueOnFail: true,
	});
	for (const code of codes) await save(code);
	console.log(
		`  ${codes.filter((code) => code.binary).length} GiroCode(s); ${codes.filter((code) => !code.binary).length} invoice(s) refused (they cannot be paid).`,
	);
	console.log(`Written (kept after the demo):\n${written.map((file) => `  ${file}`).join('\n')}`);
}

/**
 * With real Gini client credentials in the environment (for a client configured for derived users), the same
 * ingestion runs against Gini instead of the emulator. The node itself never reads the environment: the values
 * go into the credential, as a user would type them.
 */
async function againstGini(clientId: string, clientSecret: string) {
	const payApiUrl = process.env.GINI_PAY_API_URL ?? 'https://pay-api.gini.net';
	const userIdentifier = process.env.GINI_USER_IDENTIFIER ?? 'n8n-nodes-gini-pay-demo';
	console.log(`Gini Pay API ${payApiUrl}, derived user "${userIdentifier}"`);
	const invoices = await ingest(
		'basic',
		{ payApiUrl, clientId, clientSecret, userIdentifier },
		`Client credentials against ${payApiUrl}`,
	);
	await pay(invoices);
}

async function main() {
	const { GINI_CLIENT_ID, GINI_CLIENT_SECRET } = process.env;
	if (GINI_CLIENT_ID && GINI_CLIENT_SECRET)
		return await againstGini(GINI_CLIENT_ID, GINI_CLIENT_SECRET);

	const gini = await startEmulator({ processingMs: 500 });
	try {
		console.log(`Gini emulator: Pay API ${gini.payApiUrl}, User Center ${gini.userCenterUrl}`);
		const invoices = await ingest(
			'basic',
			{ ...basicCredential(gini), userIdentifier: 'demo-customer-1' },
			'1. Client credentials, derived user "demo-customer-1"',
		);

		// A JWT client as Gini configures one: Gini stores the public key (a JWK set), the private key stays in n8n.
		const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const keyId = `demo-${randomBytes(4).toString('hex')}`;
		const issuer = 'https://idp.demo.example.org';
		gini.addClient({
			clientId: 'demo-generated-jwt-client',
			clientSecret: randomBytes(16).toString('hex'),
			kind: 'derived',
			jwt: {
				issuer,
				jwks: {
					keys: [{ ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' }],
				},
			},
		});
		await ingest(
			'jwt',
			jwtCredential(gini, {
				clientId: 'demo-generated-jwt-client',
				privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
				keyId,
				issuer,
				userIdentifier: 'demo-customer-2',
			}),
			`2. JWT signed in n8n with a key made for this run (kid ${keyId}), derived user "demo-customer-2"`,
		);
		const signed = gini.counters().requests.byClient['demo-generated-jwt-client'] ?? 0;
		console.log(
			`  ${signed} requests authenticated by the emulator with the public key only (JWKS).`,
		);

		const email = 'demo-anonymous@app.example.org';
		const created = await runWorkflow({
			nodeTypes: [new GiniPay()],
			credentialTypes,
			credentials: [
				{
					type: CREDENTIAL_TYPE.userCenter,
					id: `${CREDENTIAL_TYPE.userCenter}-demo`,
					name: 'Gini userCenter',
					data: userCenterCredential(gini),
				},
			],
			workflow: {
				nodes: [
					giniNode(
						'Create user',
						'userCenter',
						{ resource: 'user', operation: 'create', email },
						[0, 0],
					),
				],
			},
		});
		if (created.error) throw created.error;
		const user = created.output('Create user')[0].json;
		await ingest(
			'userCenter',
			{ ...userCenterCredential(gini), userEmail: email, userPassword: String(user.password) },
			`3. User Center, anonymous user ${email} (created with a generated password)`,
		);

		const counters = gini.counters();
		console.log('\nWhat the emulator counted');
		console.table({
			'documents created': counters.documentsCreated,
			'users created': counters.usersCreated,
			'token grants, total': counters.tokenGrants.total,
			'  client_credentials': counters.tokenGrants.client_credentials,
			'  password': counters.tokenGrants.password,
			'  /login': counters.tokenGrants.login,
			'requests to Gini': counters.requests.total,
		});
		console.log(
			'Client credentials and JWTs signed in n8n need no token; the anonymous user needed one client token (to create the user) and one ' +
				'user token for all its uploads and the listing, thanks to the token cache.',
		);
		await pay(invoices);
	} finally {
		await gini.stop();
	}
}

main().catch((error: Error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exitCode = 1;
});
