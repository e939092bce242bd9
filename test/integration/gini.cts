/**
 * Runs the Gini Pay node inside n8n's engine (test/harness) against the emulator (test/emulator), over real HTTP
 * on loopback. One place for credential data, node parameters and sample items, so tests read as behaviour.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { GiniPay } from '../../nodes/GiniPay/GiniPay.node.ts';
import { sharedTokenCache } from '../../nodes/GiniPay/shared/tokenCache';
import { DEMO_CLIENTS, type Emulator } from '../emulator/index.cts';
import { SAMPLE_INVOICES, loadFixture } from '../fixtures/invoices.cts';
import { binaryItem, runNode, type WorkflowRunResult } from '../harness/index.cts';

export type Mode = 'basic' | 'jwt' | 'userCenter';

export const CREDENTIAL_TYPE: Record<Mode, string> = {
	basic: 'giniPayBasicApi',
	jwt: 'giniPayJwtApi',
	userCenter: 'giniUserCenterApi',
};

export const credentialTypes = [
	new GiniPayBasicApi(),
	new GiniPayJwtApi(),
	new GiniUserCenterApi(),
];

export function basicCredential(
	emulator: Emulator,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: emulator.payApiUrl,
		clientId: DEMO_CLIENTS.derived.clientId,
		clientSecret: DEMO_CLIENTS.derived.clientSecret,
		userIdentifier: 'default-user',
		...data,
	};
}

export function jwtCredential(
	emulator: Emulator,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: emulator.payApiUrl,
		jwtSource: 'sign',
		privateKey: DEMO_CLIENTS.jwt.privateKeyPem,
		algorithm: DEMO_CLIENTS.jwt.algorithm,
		keyId: DEMO_CLIENTS.jwt.keyId,
		issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
		lifetimeSeconds: 300,
		clientId: DEMO_CLIENTS.jwt.clientId,
		clientSecret: '',
		userIdentifier: 'default-user',
		...data,
	};
}

export function userCenterCredential(
	emulator: Emulator,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: emulator.payApiUrl,
		userCenterUrl: emulator.userCenterUrl,
		clientId: DEMO_CLIENTS.anonymous.clientId,
		clientSecret: DEMO_CLIENTS.anonymous.clientSecret,
		userEmail: '',
		userPassword: '',
		...data,
	};
}

export interface RunGiniOptions {
	mode: Mode;
	credential: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: 'default' | 'filesystem';
	/** Stops the execution when it aborts (n8n's "Stop"). */
	cancelSignal?: AbortSignal;
	/** The node's ID: runs with the same ID share what n8n's deduplication store recorded for the node. */
	nodeId?: string;
	/** n8n's "On Error" setting; `continueErrorOutput` gives the node a second output for failed items. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
}

/** One execution of a workflow holding a single Gini Pay node. */
export async function runGini(options: RunGiniOptions): Promise<WorkflowRunResult> {
	const type = CREDENTIAL_TYPE[options.mode];
	return await runNode({
		nodeTypes: [new GiniPay()],
		credentialTypes,
		credentials: [{ type, id: `${type}-1`, name: `${type} test`, data: options.credential }],
		binaryMode: options.binaryMode,
		cancelSignal: options.cancelSignal,
		node: {
			...(options.nodeId ? { id: options.nodeId } : {}),
			name: 'Gini Pay',
			type: 'n8n-nodes-gini-pay.giniPay',
			parameters: { authentication: options.mode, ...options.parameters },
			credentials: { [type]: { id: `${type}-1`, name: `${type} test` } },
			continueOnFail: options.continueOnFail ?? false,
			...(options.onError ? { onError: options.onError } : {}),
		},
		inputItems: options.items ?? [{ json: {} }],
	});
}

export function outputJson(result: WorkflowRunResult): IDataObject[] {
	if (result.error) throw result.error;
	return result.output('Gini Pay').map((item) => item.json);
}

/** Items carrying the sample invoices as binaries, the way a Read Files or e-mail node would pass them on. */
export async function invoiceItems(
	count = goodInvoices().length,
	json: (index: number) => IDataObject = () => ({}),
) {
	const pdfs = goodInvoices().filter((sample) => sample.mediaType === 'application/pdf');
	return await Promise.all(
		Array.from({ length: count }, async (_, index) => {
			const sample = pdfs[index % pdfs.length];
			return await binaryItem(loadFixture(sample.file), sample.file, sample.mediaType, json(index));
		}),
	);
}

/** The samples Gini processes to COMPLETED with payment data. */
export function goodInvoices() {
	return SAMPLE_INVOICES.filter(
		(sample) => sample.outcome === 'COMPLETED' && Object.keys(sample.expected).length > 0,
	);
}

export function resetTokenCache(): void {
	sharedTokenCache.clear();
}
